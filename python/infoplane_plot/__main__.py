"""Command line: python3 -m infoplane_plot RESULTS.h5 [MORE.h5 ...] --out DIR [--no-movie]

Writes every figure the file(s) support into DIR and prints each path written on stdout, one
per line (the infoplane CLI reads this list). With several files, each file's figures go to
DIR/<file stem>/ and the grid of information planes (Figs. 5, 7) to DIR.
Exit status: 0 done, 2 bad input, 3 a Python package is missing.
"""
import argparse
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="infoplane_plot", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", help="results files (.h5)")
    parser.add_argument("--out", required=True, help="output folder (created if missing)")
    parser.add_argument("--no-movie", action="store_true", help="skip the movie")
    parser.add_argument("--grid-only", action="store_true",
                        help="several files: draw only the grid, not each run's figures")
    parser.add_argument("--formats", default="png,svg",
                        help="figure formats, comma-separated (default: png,svg)")
    parser.add_argument("--estimator", default=None,
                        help="estimator to draw (default: every estimator in the file)")
    args = parser.parse_args(argv)
    try:
        import h5py  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as e:
        print(f"infoplane_plot: {e.name} is not installed (Debian: apt-get install "
              f"python3-h5py python3-matplotlib)", file=sys.stderr)
        return 3
    from . import gradients, ib, movie, plane
    from .results import load

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    runs = []
    for path in args.files:
        try:
            runs.append(load(path))
        except (OSError, KeyError, ValueError) as e:
            print(f"infoplane_plot: {path}: cannot read: {e}", file=sys.stderr)
            return 2
    written = []
    # One folder per run when there are several: the file's stem, or its folder's name when the
    # stems repeat (every `infoplane run` setting writes results.h5).
    stems = [os.path.splitext(os.path.basename(r.path))[0] for r in runs]
    unique = len(set(stems)) == len(stems)
    for r, stem in zip(runs, stems):
        if len(runs) > 1 and args.grid_only:
            continue
        out_dir = args.out
        if len(runs) > 1:
            folder = stem if unique else os.path.basename(os.path.dirname(os.path.abspath(r.path)))
            out_dir = os.path.join(args.out, folder)
        os.makedirs(out_dir, exist_ok=True)
        estimators = [args.estimator] if args.estimator else list(r.info)
        for name in estimators:
            if name not in r.info:
                print(f"infoplane_plot: {r.path}: no estimator '{name}' (the file has: "
                      f"{', '.join(r.info) or 'none'})", file=sys.stderr)
                return 2
            if len(r.recorded) == 0:
                continue
            written += plane.figure3(r, name, out_dir, formats)
            written += plane.figure2(r, name, out_dir, formats)
            if r.ib_curve is not None:
                written += ib.figure6(r, name, out_dir, formats)
        if "mean_norm" in r.gradients and r.gradients["mean_norm"].size:
            paths, (per_layer, network) = gradients.figure4(r, out_dir, formats)
            written += paths
            print(f"infoplane_plot: {r.path}: drift -> diffusion transition per layer "
                  f"(epoch): {per_layer}, whole network: {network}", file=sys.stderr)
        if not args.no_movie and estimators and len(r.recorded):
            written.append(movie.movie(r, estimators[0], out_dir))
    if len(runs) > 1:
        plottable = [r for r in runs if r.info and len(r.recorded)]
        if plottable:
            def pick(r):
                return args.estimator if args.estimator in r.info else next(iter(r.info))
            os.makedirs(args.out, exist_ok=True)
            written += plane.grid_figure(plottable, pick, args.out, formats)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
