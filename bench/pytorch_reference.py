#!/usr/bin/python3
"""PyTorch reference loop for the headline workload, one network at a time.

Same shapes as the C++ benchmark: 12-10-7-5-4-3-2 tanh + 2-unit softmax (cross-entropy),
3482 training samples out of the 4096 12-bit patterns, batch 512, reshuffled every epoch,
Adam (lr 4e-4) or SGD, float32. Per epoch it also does what the C++ trainer does besides the
step: per-batch weight-gradient sums for the gradient statistics. The forward pass of all 4096
patterns at recorded epochs is timed separately. Each network first trains --warmup epochs
untimed (PyTorch's first steps pay for lazy initialisation and allocator growth), so the rate
is PyTorch's steady one. Prints network-epochs/s and the extrapolated headline time
(50 networks x 10,000 epochs + 50 x 279 forwards).

Usage: /usr/bin/python3 bench/pytorch_reference.py [--epochs 20] [--warmup 3] [--networks 2] [--threads 1] [--optimizer adam]
"""
import argparse
import time

import torch


def make_data(generator):
    patterns = torch.tensor([[(p >> b) & 1 for b in range(12)] for p in range(4096)], dtype=torch.float32)
    labels = (patterns * torch.tensor([(b % 3) + 1 for b in range(12)], dtype=torch.float32)).sum(1).long() % 2
    perm = torch.randperm(4096, generator=generator)
    train = perm[:3482]
    return patterns, labels, train


def make_net(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--networks", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    g = torch.Generator().manual_seed(0)
    patterns, labels, train = make_data(g)
    x_train, y_train = patterns[train], labels[train]
    widths = [12, 10, 7, 5, 4, 3, 2]
    loss_fn = torch.nn.CrossEntropyLoss()

    train_seconds = 0.0
    train_cpu_seconds = 0.0  # process CPU time: comparable with the C++ benchmark's CPU time
    forward_seconds = 0.0
    forwards = 0
    for net_index in range(args.networks):
        torch.manual_seed(net_index)
        net = make_net(widths)
        opt = (torch.optim.Adam(net.parameters(), lr=4e-4) if args.optimizer == "adam"
               else torch.optim.SGD(net.parameters(), lr=0.01))
        weights = [m.weight for m in net if isinstance(m, torch.nn.Linear)]

        def train_epoch():
            order = torch.randperm(x_train.shape[0], generator=g)
            sums = [torch.zeros_like(w) for w in weights]
            sumsq = [torch.zeros_like(w) for w in weights]
            for b in range(0, x_train.shape[0], 512):
                idx = order[b:b + 512]
                opt.zero_grad()
                loss = loss_fn(net(x_train[idx]), y_train[idx])
                loss.backward()
                with torch.no_grad():
                    for s, q, w in zip(sums, sumsq, weights):
                        s += w.grad
                        q += w.grad * w.grad
                opt.step()

        for _ in range(args.warmup):
            train_epoch()
        start = time.perf_counter()
        cpu_start = time.process_time()
        for _ in range(args.epochs):
            train_epoch()
        train_seconds += time.perf_counter() - start
        train_cpu_seconds += time.process_time() - cpu_start
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(5):  # forward of all patterns, keeping every layer's activations
                h = patterns
                acts = []
                for m in net:
                    h = m(h)
                    if not isinstance(m, torch.nn.Linear):
                        acts.append(h)
                acts.append(torch.softmax(h, dim=1))
                forwards += 1
        forward_seconds += time.perf_counter() - start

    net_epochs = args.networks * args.epochs
    rate = net_epochs / train_seconds
    cpu_rate = net_epochs / train_cpu_seconds
    per_forward = forward_seconds / forwards
    headline = 50 * 10000 / rate + 50 * 279 * per_forward
    print(f"torch {torch.__version__}, threads {args.threads}, optimizer {args.optimizer}")
    print(f"network-epochs/s: {rate:.1f} wall, {cpu_rate:.1f} per CPU second "
          f"({net_epochs} network-epochs in {train_seconds:.2f} s wall, {train_cpu_seconds:.2f} s CPU)")
    print(f"forward of 4096 patterns: {per_forward * 1e3:.2f} ms")
    print(f"headline run extrapolated: {headline:.0f} s ({headline / 60:.1f} min) on {args.threads} thread(s)")


if __name__ == "__main__":
    main()
