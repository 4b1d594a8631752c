#!/usr/bin/python3
"""What the Python module costs on top of the C++ library, measured side by side in one run.

(a) One information-plane estimate of a 4096 x 10 float32 layer (the layer of
    bench/info_bench.cpp's BM_InfoBinning/10/0 and BM_InfoKde/10/1, rebuilt here bit for bit:
    the same xoshiro256** / Box-Muller draws, tanh of random projections of the 12-bit
    patterns, and the same popcount task) with binning and with KDE (sigma2 = 1e-3, 1 thread):
    infoplane.mi(...) from Python, timed over many calls, against the Google Benchmark binary's
    per-call real time (--benchmark_format=json). Rounds alternate C++ and Python; the ratio is
    the median of the per-round ratios (this VM's speed drifts, bench/README.md).
(b) The recorder's share of a PyTorch training run: the spherical example's network
    (python/examples/pytorch_spherical.py: 12-10-7-5-4-3-2 tanh, Adam lr 4e-4, batch 512, 85%
    of the 4096 patterns) trained for --epochs epochs without and with infoplane.torch.Recorder
    (binning at the CLI's log schedule, gradient statistics every step), interleaved rounds,
    the same seeds; the ratio is the median of the per-round ratios.

Usage: PYTHONPATH=build/release/python:python /usr/bin/python3 bench/python_overhead.py
           [--rounds 5] [--epochs 2000] [--train-rounds 3] [--bench build/release/bench/infoplane_bench]
Targets: Python <= 1.10x the C++ call; the recorder adds <= 25% to the training time.
"""
import argparse
import datetime
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

import infoplane

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MASK = (1 << 64) - 1


class Rng:
    """infoplane::Rng (src/core/rng.cpp): xoshiro256** seeded by splitmix64, Box-Muller normals."""

    def __init__(self, seed):
        x, self.s = seed, []
        for _ in range(4):
            x, z = self._splitmix(x)
            self.s.append(z)
        self.cached = None

    @staticmethod
    def _splitmix(x):
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return x, z ^ (z >> 31)

    def next_u64(self):
        s = self.s
        rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & MASK  # noqa: E731
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next_u64() >> 11) * 2.0 ** -53

    def normal(self):
        if self.cached is not None:
            value, self.cached = self.cached, None
            return value
        u1 = self.uniform()
        while u1 <= 0.0:
            u1 = self.uniform()
        u2 = self.uniform()
        r = math.sqrt(-2.0 * math.log(u1))
        self.cached = r * math.sin(2.0 * math.pi * u2)
        return r * math.cos(2.0 * math.pi * u2)


def bench_task_and_layer(width, seed):
    """bench_task() and bench_layer(task, width, seed) of bench/info_bench.cpp."""
    n = 4096
    bits = np.array([[(x >> b) & 1 for b in range(12)] for x in range(n)], np.float32)
    p1 = np.array([1.0 / (1.0 + math.exp(-(bin(x).count("1") - 6))) for x in range(n)])
    task = infoplane.task(p_y_given_x=np.stack([1.0 - p1, p1], axis=1), inputs=bits, name="bench")
    rng = Rng(seed)
    w = [rng.normal() for _ in range(12 * width)]
    layer = np.empty((n, width), np.float32)
    for i in range(n):
        s = [2.0 * float(v) - 1.0 for v in bits[i]]
        for j in range(width):
            a = 0.0
            for k in range(12):
                a += w[k * width + j] * s[k]
            layer[i, j] = math.tanh(0.5 * a)
    return task, layer


def time_python(call, min_seconds):
    """Per-call seconds: the call repeated until min_seconds have passed (after one warm-up)."""
    call()
    calls, start = 0, time.perf_counter()
    while True:
        call()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / calls, calls


def time_cpp(bench, min_time):
    command = [bench, "--benchmark_filter=BM_InfoBinning/10/0$|BM_InfoKde/10/1$",
               "--benchmark_format=json", f"--benchmark_min_time={min_time}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    out = {}
    for b in json.loads(done.stdout)["benchmarks"]:
        out[b["name"]] = (b["real_time"] * unit[b["time_unit"]], b["iterations"])
    return out, " ".join(command)


def load_example():
    path = os.path.join(REPO, "python", "examples", "pytorch_spherical.py")
    spec = importlib.util.spec_from_file_location("pytorch_spherical", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def train_seconds(example, task, epochs, with_recorder, seed=0):
    """Seconds of the example's training loop for one network (the same seeds either way);
    with the recorder also the seconds spent in its calls at recorded epochs."""
    import torch
    import infoplane.torch as ipt
    rng = np.random.default_rng([seed, 0])
    n = task.n_patterns
    train = np.zeros(n, bool)
    train[rng.permutation(n)[:round(0.85 * n)]] = True
    labels = (rng.random(n) < task.p_y_given_x[:, 1]).astype(np.int64)
    rows = np.flatnonzero(train)
    x, y = torch.from_numpy(task.inputs), torch.from_numpy(labels)
    model = example.make_network([12, 10, 7, 5, 4, 3, 2], generator_seed=seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=4e-4)
    loss_fn = torch.nn.CrossEntropyLoss()
    rec = None
    if with_recorder:
        hidden = [m for m in model if isinstance(m, torch.nn.Tanh)]
        rec = ipt.Recorder(model, hidden + ["softmax"], task=task, epochs=epochs, train=train,
                           targets=labels, ib_curve=False)
    recording = 0.0
    start = time.perf_counter()
    if rec:
        rec.record_initial()
    for epoch in range(1, epochs + 1):
        order = torch.from_numpy(rows[rng.permutation(len(rows))])
        for s in range(0, len(order), 512):
            batch = order[s:s + 512]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
            if rec:
                rec.after_step()
        if rec:
            t = time.perf_counter()
            rec.end_epoch(epoch)
            if epoch in rec._slot:
                recording += time.perf_counter() - t
    total = time.perf_counter() - start
    return total, recording, (len(rec.recorded_epochs) if rec else 0)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(seconds):
    if seconds >= 1.0:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", default=os.path.join(REPO, "build/release/bench/infoplane_bench"))
    parser.add_argument("--rounds", type=int, default=5, help="alternating C++ / Python rounds of (a)")
    parser.add_argument("--min-time", type=float, default=1.0, help="seconds per measurement in (a)")
    parser.add_argument("--epochs", type=int, default=2000, help="training epochs per run in (b)")
    parser.add_argument("--train-rounds", type=int, default=3, help="interleaved pairs of runs in (b)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads in (b)")
    parser.add_argument("--skip-train", action="store_true", help="only (a)")
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args()

    task, layer = bench_task_and_layer(10, seed=1)     # BM_InfoBinning's layer
    _, kde_layer = bench_task_and_layer(10, seed=2)    # BM_InfoKde's layer
    calls = {
        "BM_InfoBinning/10/0": ("binning, 4096 x 10", lambda: infoplane.mi([layer], task=task)),
        "BM_InfoKde/10/1": ("kde (sigma2 1e-3, 1 thread), 4096 x 10",
                            lambda: infoplane.mi([kde_layer], task=task, estimator="kde", sigma2=1e-3, threads=1)),
    }
    bound = infoplane.estimator("binning", task=task)  # the compiled call without the wrapper
    core_call = lambda: bound.estimate([layer])  # noqa: E731
    rounds = {name: [] for name in calls}
    core_rounds = []
    cpp_command = None
    for r in range(args.rounds):
        cpp, cpp_command = time_cpp(args.bench, args.min_time)
        for name, (_, call) in calls.items():
            py, n_calls = time_python(call, args.min_time)
            rounds[name].append((cpp[name][0], py, cpp[name][1], n_calls))
        core_rounds.append(time_python(core_call, args.min_time)[0])
        print(f"round {r + 1}/{args.rounds}: " + ", ".join(
            f"{name} C++ {fmt(v[-1][0])} Python {fmt(v[-1][1])} ({v[-1][1] / v[-1][0]:.3f}x)"
            for name, v in rounds.items()), file=sys.stderr, flush=True)

    train_rows = []
    if not args.skip_train:
        import torch
        torch.set_num_threads(args.threads)
        example = load_example()
        spherical = infoplane.task("spherical")
        train_seconds(example, spherical, 20, True)  # warm-up: PyTorch's lazy initialisation
        for r in range(args.train_rounds):
            order = (False, True) if r % 2 == 0 else (True, False)
            got = {w: train_seconds(example, spherical, args.epochs, w) for w in order}
            train_rows.append((got[False][0], got[True][0], got[True][1], got[True][2]))
            print(f"training round {r + 1}/{args.train_rounds}: without {got[False][0]:.2f} s, with "
                  f"{got[True][0]:.2f} s ({got[True][0] / got[False][0]:.3f}x)", file=sys.stderr, flush=True)

    # The table.
    print("# Python module overhead (bench/python_overhead.py)")
    print(f"date (UTC): {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M}")
    print(f"machine: {platform.node()}, {cpu_model()}, {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"software: infoplane {infoplane.__version__} ({infoplane._core.git_commit}), Python "
          f"{platform.python_version()} ({sys.executable}), numpy {np.__version__}"
          + (f", torch {__import__('torch').__version__}" if train_rows else ""))
    print()
    print("| what | C++ per call | Python per call | ratio Python / C++ (median of rounds) | target |")
    print("|---|---|---|---|---|")
    summary = {}
    for name, (what, _) in calls.items():
        v = rounds[name]
        ratios = [py / cpp for cpp, py, _, _ in v]
        med = statistics.median(ratios)
        summary[name] = {"cpp_seconds": [x[0] for x in v], "python_seconds": [x[1] for x in v],
                         "ratios": ratios, "median_ratio": med}
        print(f"| {what}: infoplane.mi vs {name} | {fmt(statistics.median(x[0] for x in v))} | "
              f"{fmt(statistics.median(x[1] for x in v))} | {med:.3f}x (rounds {min(ratios):.3f}-{max(ratios):.3f}) | "
              f"<= 1.10x: {'met' if med <= 1.10 else 'NOT met'} |")
    cpp_bin = statistics.median(x[0] for x in rounds["BM_InfoBinning/10/0"])
    print(f"| binning, 4096 x 10: Estimator.estimate (no mi wrapper) vs BM_InfoBinning/10/0 | {fmt(cpp_bin)} | "
          f"{fmt(statistics.median(core_rounds))} | {statistics.median(core_rounds) / cpp_bin:.3f}x | |")
    summary["core_binning_seconds"] = core_rounds
    if train_rows:
        ratios = [w / wo for wo, w, _, _ in train_rows]
        med = statistics.median(ratios)
        wo = statistics.median(x[0] for x in train_rows)
        w = statistics.median(x[1] for x in train_rows)
        rec_s = statistics.median(x[2] for x in train_rows)
        n_rec = train_rows[0][3]
        print(f"| PyTorch training, spherical example, 1 network x {args.epochs} epochs: without recorder | "
              f"| {fmt(wo)} ({fmt(wo / args.epochs)}/epoch) | | |")
        print(f"| the same with infoplane.torch.Recorder (binning at {n_rec} recorded epochs, gradient "
              f"statistics every step) | | {fmt(w)} | {med:.3f}x (rounds {min(ratios):.3f}-{max(ratios):.3f}) | "
              f"<= 1.25x: {'met' if med <= 1.25 else 'NOT met'} |")
        print(f"| of which the recorded epochs' forward pass + 6 layers' binning + metrics | | "
              f"{fmt(rec_s)} ({fmt(rec_s / max(n_rec, 1))} per recorded epoch) | | |")
        summary["training"] = {"epochs": args.epochs, "recorded_epochs": n_rec,
                               "without_seconds": [x[0] for x in train_rows],
                               "with_seconds": [x[1] for x in train_rows],
                               "recording_seconds": [x[2] for x in train_rows],
                               "ratios": ratios, "median_ratio": med}
    print()
    print("commands:")
    print(f"  {' '.join([sys.executable] + sys.argv)}")
    print(f"  {cpp_command}   (x{args.rounds}, alternating with the Python timings)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
