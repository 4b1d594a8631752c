#!/usr/bin/python3
"""The plain PyTorch loop that bench/wide_bench.cpp (BM_WideEpoch) is compared against.

nn.Sequential of Linear + Tanh layers, cross-entropy, torch.optim.Adam (lr 1e-3), float32,
8,000 synthetic 784-pixel images (uniform in [0, 1), 10 labels), reshuffled every epoch, one
network; --warmup epochs untimed first (lazy initialisation, allocator growth), then --epochs
timed. Prints network-epochs/s. Run it with Debian's OpenBLAS on LD_LIBRARY_PATH (see
bench/compare-pytorch.sh --wide): Debian's python3-torch otherwise uses the reference BLAS.

Usage: /usr/bin/python3 bench/pytorch_wide.py --widths 784,64,32,16,10 --batch 512 [--threads 1] [--epochs 3] [--warmup 1]
"""
import argparse
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--widths", default="784,64,32,16,10")
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    widths = [int(w) for w in args.widths.split(",")]
    g = torch.Generator().manual_seed(0)
    x = torch.rand(8000, widths[0], generator=g)
    y = torch.randint(0, widths[-1], (8000,), generator=g)
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(x.shape[0], generator=g)
        for b in range(0, x.shape[0], args.batch):
            idx = order[b:b + args.batch]
            opt.zero_grad()
            loss_fn(net(x[idx]), y[idx]).backward()
            opt.step()

    for _ in range(args.warmup):
        epoch()
    start = time.perf_counter()
    for _ in range(args.epochs):
        epoch()
    seconds = time.perf_counter() - start
    print(f"torch {torch.__version__}, widths {args.widths}, batch {args.batch}, threads {args.threads}")
    print(f"network-epochs/s: {args.epochs / seconds:.3f} ({args.epochs} epochs in {seconds:.2f} s)")


if __name__ == "__main__":
    main()
