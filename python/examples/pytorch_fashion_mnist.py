#!/usr/bin/python3
"""Your own MLP on Fashion-MNIST, recorded with infoplane.torch.Recorder (KDE information plane).

A 784-256-64-10 network (tanh or relu hidden layers, softmax output) trained by plain PyTorch
(Adam, cross-entropy) on Debian's Fashion-MNIST training set (package dataset-fashion-mnist,
/usr/share/datasets/fashion-mnist/*.gz, read here with numpy), or on a seeded subset of it
(--train-subset). Binning is meaningless for continuous 784-dimensional inputs (every image is
its own bin), so the information plane uses the KDE bounds (Kolchinsky & Tracey; kde_upper and
kde_lower, noise variance --sigma2) on a seeded subset of --eval-size test images, whose test
loss and accuracy are recorded too (the training metrics are NaN: the recorder evaluates on
test images only). Writes OUT/results.h5 and OUT/figures/ (`infoplane plot`). Time on this
2-core VM: about 2 s per epoch per 10,000 training images, plus about 0.5 s per recorded epoch.

Usage (docs/python.md):
    PYTHONPATH=build/release/python:python /usr/bin/python3 python/examples/pytorch_fashion_mnist.py \
        [--epochs 20] [--train-subset 0] [--eval-size 2000] [--sigma2 0.1] [--out results/pytorch-fashion-mnist]
"""
import argparse
import gzip
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
DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file (plain or gzipped) of unsigned bytes as a numpy array of its shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    offset = 4 + 4 * ndim
    if len(data) - offset != int(np.prod(dims)):
        raise ValueError(f"{path}: {len(data) - offset} values for the shape {dims}")
    return np.frombuffer(data, np.uint8, offset=offset).reshape(dims)


def load(folder, part):
    images = read_idx(os.path.join(folder, f"{part}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{part}-labels-idx1-ubyte.gz"))
    x = (images.reshape(len(images), -1).astype(np.float32) / 255.0)  # as the C++ idx: task
    return x, labels.astype(np.int64)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DATA, help="folder of the four *-idx?-ubyte.gz files")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--train-subset", type=int, default=0,
                        help="train on this many seeded training images (0 = all 60,000)")
    parser.add_argument("--eval-size", type=int, default=2000, help="seeded test images of the information plane")
    parser.add_argument("--widths", default="256,64", help="hidden widths")
    parser.add_argument("--activation", choices=["tanh", "relu"], default="tanh")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--sigma2", type=float, default=0.1, help="KDE noise variance (info.sigma2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads (small matrices: 1 is fastest on 2 cores)")
    parser.add_argument("--kde-threads", type=int, default=os.cpu_count() or 1,
                        help="threads of the KDE estimate (info.threads; results do not depend on it)")
    parser.add_argument("--out", default="results/pytorch-fashion-mnist")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--cli", default=os.environ.get("INFOPLANE_CLI", os.path.join(REPO, "build/release/bin/infoplane")))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "results.h5")
    if os.path.exists(path) and not args.force:
        sys.exit(f"{path} exists: pass --force to replace it")

    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
    rng = np.random.default_rng(args.seed)
    if args.train_subset:
        keep = np.sort(rng.choice(len(x_train), args.train_subset, replace=False))
        x_train, y_train = x_train[keep], y_train[keep]
    print(f"training on {len(x_train)} images, information plane on {args.eval_size} test images")

    torch.manual_seed(args.seed)
    widths = [784] + [int(w) for w in args.widths.split(",")] + [10]
    act = torch.nn.Tanh if args.activation == "tanh" else torch.nn.ReLU
    modules = []
    for i in range(len(widths) - 1):
        modules.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            modules.append(act())
    model = torch.nn.Sequential(*modules)  # logits; nn.CrossEntropyLoss applies the softmax
    hidden = [m for m in model if isinstance(m, act)]

    recorder = infoplane.torch.Recorder(
        model, layers=hidden + ["softmax"], inputs=x_test, labels=y_test,
        subset=args.eval_size, subset_seed=args.seed, test=np.ones(len(x_test), bool),
        epochs=args.epochs, estimators=["kde"], sigma2=args.sigma2, threads=args.kde_threads,
        name="pytorch-fashion-mnist", run_seed=args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train)

    start = time.perf_counter()
    recorder.record_initial()
    try:
        for epoch in range(1, args.epochs + 1):
            order = torch.from_numpy(rng.permutation(len(x)))
            for s in range(0, len(order), args.batch):
                batch = order[s:s + args.batch]
                optimizer.zero_grad()
                loss_fn(model(x[batch]), y[batch]).backward()
                optimizer.step()
                recorder.after_step()
            recorder.end_epoch(epoch)
            if epoch in recorder.recorded_epochs:
                r = recorder.results(partial=True)
                print(f"epoch {epoch}: test accuracy {r['metrics']['test_accuracy'][0, -1]:.3f}, "
                      f"I(X;T) upper per layer {np.round(r['info']['kde_upper']['i_xt'][0, -1], 2)} bits "
                      f"({time.perf_counter() - start:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print(f"interrupted after epoch {recorder.epoch}: saving the epochs so far", file=sys.stderr)
    recorder.save(path, overwrite=args.force, partial=True)
    print(f"wrote {path}")
    if not args.no_plot:
        command = [args.cli, "plot", path, "--out", os.path.join(args.out, "figures"), "--no-movie"]
        print("$", " ".join(command), flush=True)
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
