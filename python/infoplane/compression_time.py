"""Section 3.7's claim, the computational benefit of layered diffusion, measured on results files.

For each layer that compresses (its ensemble-mean I(X;T) falls after a peak), the compression
Delta I_X = peak - final (bits) and the time to lose it: the epochs from the peak (the onset) to
the first recorded epoch at which I(X;T) has fallen by 90% of Delta I_X. Across the layers of
several runs (the depth experiment), fits of time against Delta I_X:

- a power law, log t = a + b log(Delta I_X), and
- an exponential, log t = a + b Delta I_X,

both by least squares in log t, compared by their residual sum of squares; b > 1 for the power
law means the time grows super-linearly with Delta I_X. Per run, the mean time tells whether
more layers shorten it.

    python3 -m infoplane.compression_time results/depth/*/results.h5 [--min-drop 0.1]
"""
import argparse
import json
import math

import numpy as np

import infoplane

DEFAULT_MIN_DROP_BITS = 0.1  # below this a layer is counted as not compressing


def layer_compressions(epochs, i_xt, min_drop=DEFAULT_MIN_DROP_BITS):
    """One dict per compressing layer: layer, onset (epoch of the peak), peak, final, drop
    (Delta I_X, bits), t90 (the epoch 90% of the drop is lost), duration (t90 - onset, epochs).

    epochs: (n_recorded,) ascending; i_xt: (n_recorded, n_layers) ensemble-mean I(X;T), bits."""
    epochs = np.asarray(epochs)
    i_xt = np.asarray(i_xt, dtype=float)
    out = []
    for layer in range(i_xt.shape[1]):
        series = i_xt[:, layer]
        k = int(np.argmax(series))
        peak, final = float(series[k]), float(series[-1])
        drop = peak - final
        if drop < min_drop:
            continue
        target = peak - 0.9 * drop
        after = np.nonzero(series[k:] <= target)[0]
        t90 = int(epochs[k + int(after[0])])
        out.append({"layer": layer, "onset": int(epochs[k]), "peak": peak, "final": final,
                    "drop": drop, "t90": t90, "duration": max(t90 - int(epochs[k]), 1)})
    return out


def fit_time_against_drop(drops, durations):
    """Least-squares fits of log(duration) on log(drop) (power law) and on drop (exponential).
    Returns dict with each fit's (a, b) and residual sum of squares, and the better one."""
    d = np.asarray(drops, dtype=float)
    log_t = np.log(np.asarray(durations, dtype=float))
    if d.size < 3:
        raise infoplane.InfoplaneError(f"fit: {d.size} compressing layers, need at least 3")
    fits = {}
    for name, x in (("power_law", np.log(d)), ("exponential", d)):
        design = np.column_stack([np.ones_like(x), x])
        coef, *_ = np.linalg.lstsq(design, log_t, rcond=None)
        residual = float(np.sum((design @ coef - log_t) ** 2))
        fits[name] = {"a": float(coef[0]), "b": float(coef[1]), "rss": residual}
    fits["better"] = min(("power_law", "exponential"), key=lambda n: fits[n]["rss"])
    fits["super_linear"] = fits["power_law"]["b"] > 1.0
    fits["n_layers"] = int(d.size)
    return fits


def analyse(paths, estimator="binning", min_drop=DEFAULT_MIN_DROP_BITS):
    """Reads each results file; per run its compressing layers and mean duration; over all the
    fits. Returns a JSON-ready dict."""
    runs, drops, durations = [], [], []
    for path in paths:
        r = infoplane.read_results(path)
        if estimator not in r["info"]:
            raise infoplane.InfoplaneError(f"{path}: no information plane for estimator {estimator!r}")
        mean = r["info"][estimator]["i_xt"].mean(axis=0)  # (n_recorded, n_layers)
        layers = layer_compressions(r["recorded_epochs"], mean, min_drop)
        runs.append({"path": path, "n_layers": len(r["layer_widths"]), "compressing": layers,
                     "mean_duration": (float(np.mean([l["duration"] for l in layers])) if layers else None)})
        drops += [l["drop"] for l in layers]
        durations += [l["duration"] for l in layers]
    result = {"estimator": estimator, "min_drop_bits": min_drop, "runs": runs}
    result["fit"] = fit_time_against_drop(drops, durations) if len(drops) >= 3 else None
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", help="results files (e.g. results/depth/*/results.h5)")
    parser.add_argument("--estimator", default="binning")
    parser.add_argument("--min-drop", type=float, default=DEFAULT_MIN_DROP_BITS,
                        help="smallest Delta I_X (bits) counted as compression")
    parser.add_argument("--json", help="also write the analysis to this file")
    args = parser.parse_args()
    result = analyse(args.results, args.estimator, args.min_drop)
    for run in result["runs"]:
        print(f"{run['path']}: {run['n_layers']} layers, mean time to lose the compression "
              f"{run['mean_duration']} epochs")
        for l in run["compressing"]:
            print(f"  layer {l['layer'] + 1}: onset {l['onset']}, Delta I_X {l['drop']:.3f} bits, "
                  f"90% lost at epoch {l['t90']} ({l['duration']} epochs)")
    fit = result["fit"]
    if fit:
        for name in ("power_law", "exponential"):
            f = fit[name]
            print(f"{name}: log t = {f['a']:.3f} + {f['b']:.3f} {'log dI' if name == 'power_law' else 'dI'}, "
                  f"residual {f['rss']:.3f}")
        print(f"better fit: {fit['better']}; super-linear (power-law exponent > 1): {fit['super_linear']}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2, default=lambda v: None if isinstance(v, float) and math.isnan(v) else v)


if __name__ == "__main__":
    main()
