#!/usr/bin/python3
"""Models the speed-up of a distributed run on more ranks from one measured run's ranks.json.

Usage: bench/distributed_model.py results/NAME/ranks.json [--ranks 1,2,4,8,16,32,64]

ranks.json (written by rank 0 of `mpirun -n K infoplane run NAME`) gives, per rank and setting,
the networks trained and the seconds taken, and the seconds rank 0 then spent on the results
files, summaries and figures. With one thread per rank, a network of a setting costs
seconds / networks. For R ranks the units are spread as the run spreads them (longest first, to
the least loaded rank), so the training takes the makespan M(R) of that assignment, and the
whole run M(R) + F, where F is rank 0's serial finish (IB curves, files, figures). The model
leaves out the start-up of the ranks and the gather of the results (both under a second here)
and assumes the same speed per core as the measured machine.
"""
import argparse
import heapq
import json
import sys


def unit_seconds(report):
    units = []
    for rank in report["ranks"]:
        for t in rank["trained"]:
            units += [t["seconds"] / t["networks"]] * t["networks"]
    return units


def makespan(units, ranks):
    loads = [(0.0, r) for r in range(ranks)]  # (load, rank): ties to the lower rank
    heapq.heapify(loads)
    for u in sorted(units, reverse=True):
        load, r = heapq.heappop(loads)
        heapq.heappush(loads, (load + u, r))
    return max(load for load, _ in loads)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranks_json")
    parser.add_argument("--ranks", default="1,2,4,8,16,32,64")
    args = parser.parse_args()
    try:
        with open(args.ranks_json) as f:
            report = json.load(f)
        units = unit_seconds(report)
        finish = float(report["finish_seconds"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"{args.ranks_json}: not a ranks.json of infoplane run ({e})")
    serial = sum(units) + finish
    print(f"{report['experiment']}: {len(units)} units, {sum(units):.1f} s of training on one core, "
          f"finish {finish:.1f} s (measured on {len(report['ranks'])} ranks)")
    print("| ranks | training makespan (s) | run (s) | speed-up | training idle share |")
    print("|---|---|---|---|---|")
    for r in (int(x) for x in args.ranks.split(",")):
        m = makespan(units, r)
        idle = 1 - sum(units) / (r * m) if m > 0 else 0
        print(f"| {r} | {m:.1f} | {m + finish:.1f} | {serial / (m + finish):.1f}x | {100 * idle:.0f}% |")


if __name__ == "__main__":
    main()
