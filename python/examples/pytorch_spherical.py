#!/usr/bin/python3
"""The paper's network trained by plain PyTorch, recorded with infoplane.torch.Recorder.

12-10-7-5-4-3-2 tanh with a 2-unit softmax on the spherical task's 4096 patterns: each network
trains on its own 85% of the patterns (drawn, with the labels y ~ p(y|x), by a seeded numpy
generator), Adam lr 4e-4, batch 512, cross-entropy. Every network's hidden layers and softmax
output are placed in the information plane (binning, 30 bins) at the CLI's reference log
schedule (400 points), with the gradient statistics of every epoch; the results file is then
drawn with `infoplane plot` (the paper's Figures 2, 3, 4 and 6).

Usage (from the repository, Debian's python3 with the module on PYTHONPATH, docs/python.md):
    PYTHONPATH=build/release/python:python /usr/bin/python3 python/examples/pytorch_spherical.py \
        [--epochs 2000] [--networks 4] [--out results/pytorch-spherical] [--force]
Writes OUT/results.h5 and OUT/figures/. Ctrl-C saves the networks finished so far.
"""
import argparse
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch

import infoplane
import infoplane.torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def make_network(widths, generator_seed):
    """Linear layers with tanh between them; weights truncated-normal with std 1/sqrt(fan_in)
    cut at 2 std and zero biases, as the C++ networks start (network.init_scale = 1)."""
    torch.manual_seed(generator_seed)
    modules = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        std = 1.0 / math.sqrt(widths[i])
        with torch.no_grad():
            torch.nn.init.trunc_normal_(linear.weight, std=std, a=-2 * std, b=2 * std)
            linear.bias.zero_()
        modules.append(linear)
        if i + 2 < len(widths):
            modules.append(torch.nn.Tanh())
    return torch.nn.Sequential(*modules)  # returns logits; the softmax is in the loss


def train_one(task, network, args):
    rng = np.random.default_rng([args.seed, network])
    n = task.n_patterns
    train = np.zeros(n, bool)
    train[rng.permutation(n)[:round(0.85 * n)]] = True          # 3482 of 4096 patterns
    labels = (rng.random(n) < task.p_y_given_x[:, 1]).astype(np.int64)  # y ~ p(y|x)
    rows = np.flatnonzero(train)
    x, y = torch.from_numpy(task.inputs), torch.from_numpy(labels)

    model = make_network([12, 10, 7, 5, 4, 3, 2], generator_seed=1000 * args.seed + network)
    hidden = [m for m in model if isinstance(m, torch.nn.Tanh)]
    recorder = infoplane.torch.Recorder(
        model, layers=hidden + ["softmax"], task=task, epochs=args.epochs,
        estimators=args.estimators.split(","), train=train, targets=labels,
        name="pytorch-spherical", run_seed=args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=4e-4)
    loss_fn = torch.nn.CrossEntropyLoss()

    recorder.record_initial()
    for epoch in range(1, args.epochs + 1):
        order = torch.from_numpy(rows[rng.permutation(len(rows))])
        for start in range(0, len(order), 512):
            batch = order[start:start + 512]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
            recorder.after_step()
        recorder.end_epoch(epoch)
    return recorder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=2000)
    parser.add_argument("--networks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--estimators", default="binning", help="comma-separated, as --estimators of the CLI")
    parser.add_argument("--out", default="results/pytorch-spherical")
    parser.add_argument("--force", action="store_true", help="overwrite OUT/results.h5")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--movie", action="store_true", help="also draw the information-plane movie")
    parser.add_argument("--cli", default=os.environ.get("INFOPLANE_CLI", os.path.join(REPO, "build/release/bin/infoplane")))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "results.h5")
    if os.path.exists(path) and not args.force:
        sys.exit(f"{path} exists: pass --force to replace it")

    task = infoplane.task("spherical")
    recorders = []
    start = time.perf_counter()
    try:
        for network in range(args.networks):
            recorders.append(train_one(task, network, args))
            r = recorders[-1]
            print(f"network {network}: {args.epochs} epochs, {len(r.recorded_epochs)} recorded, "
                  f"test accuracy {r.results()['metrics']['test_accuracy'][0, -1]:.3f} "
                  f"({time.perf_counter() - start:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print(f"interrupted: saving the {len(recorders)} finished network(s)", file=sys.stderr)
        if not recorders:
            sys.exit(130)
    results = infoplane.torch.merge(recorders)
    infoplane.write_results(path, results, overwrite=args.force)
    print(f"wrote {path}")
    summary = infoplane.summary(results, task=task)
    for l, layer in enumerate(summary["layers"]):
        print(f"  layer {l + 1} ({layer['width']} units): I(X;T) = {layer['i_xt_bits']['mean']:.3f} bits, "
              f"I(T;Y) = {layer['i_ty_bits']['mean']:.3f} bits, SNR crossing at epoch "
              f"{layer['gradient_phase']['snr_crossing_epoch']}")
    if not args.no_plot:
        command = [args.cli, "plot", path, "--out", os.path.join(args.out, "figures")]
        if not args.movie:
            command.append("--no-movie")
        print("$", " ".join(command), flush=True)
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
