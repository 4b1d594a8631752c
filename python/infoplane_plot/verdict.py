"""The verdict's robustness figure: python3 -m infoplane_plot.verdict VERDICT.json --out DIR

One panel per estimator family (binning with a fixed and a data range, adaptive binning, the
KDE upper and lower bounds, KSG, the noisy-layer estimate, exact counts of quantized layers),
each showing every layer's ensemble-mean trajectory in the information plane, one line per
parameter of the family (bins, sigma^2, k, bits; lighter lines for the later parameters), a
dot at the last epoch and a ring at the peak of I(X;T). A layer whose compression is
significant under a series is drawn solid, otherwise dashed. Writes DIR/verdict.png and .svg and
prints each path. Exit status: 0 done, 2 bad input, 3 a Python package is missing.
"""
import argparse
import json
import math
import sys

FAMILY_TITLES = {
    "binning-fixed": "binning, fixed range", "binning-data": "binning, data range",
    "adaptive": "adaptive binning", "kde_upper": "KDE upper bound", "kde_lower": "KDE lower bound",
    "ksg": "KSG", "noisy": "noisy layer (Goldfeld)", "exact": "exact (quantized)",
}


def parameter_text(series):
    """The parameter that distinguishes a family's series, for the legend."""
    o = series["options"]
    family = series["family"]
    if family.startswith("binning") or family == "adaptive":
        return f"{o['bins']} bins"
    if family.startswith("kde") or family == "noisy":
        return f"\u03c3\u00b2={o['sigma2']:g}"
    if family == "ksg":
        return f"k={o['k']}"
    if family == "exact":
        return f"{o['quantize_bits']} bits"
    return series["label"]


def load(path):
    with open(path) as f:
        report = json.load(f)
    for key in ("series", "families", "layer_widths", "epochs"):
        if key not in report:
            raise ValueError(f"no '{key}' (not a verdict.json)")
    return report


def draw(report, out_dir, formats=("png", "svg")):
    """Draws the figure into out_dir/verdict.<fmt>; returns the paths written."""
    from .style import save
    fig, _ = make_figure(report)
    return save(fig, out_dir, "verdict", formats)


def make_figure(report):
    """The figure and its panels, one per family in the report's order."""
    from .style import label_plane, layer_colours, plt

    families = report["families"]
    n_layers = len(report["layer_widths"])
    colours = layer_colours(n_layers)
    cols = min(4, max(1, len(families)))
    rows = math.ceil(len(families) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.8 * rows), squeeze=False)
    for ax in axes.flat[len(families):]:
        ax.axis("off")
    for ax, family in zip(axes.flat, families):
        members = [s for s in report["series"] if s["family"] == family]
        legend = []
        for m, series in enumerate(members):
            alpha = 1.0 if len(members) == 1 else 1.0 - 0.6 * m / (len(members) - 1)
            legend.append(plt.Line2D([], [], color="0.25", alpha=alpha, lw=2, label=parameter_text(series)))
            xt, ty = series["mean_i_xt"], series["mean_i_ty"]
            for layer in range(n_layers):
                x = [row[layer] for row in xt]
                y = [row[layer] for row in ty]
                stats = series["layers"][layer]
                style = "-" if stats["significant"] else "--"
                ax.plot(x, y, style, color=colours[layer], alpha=alpha, lw=1.2)
                ax.plot(x[-1], y[-1], "o", color=colours[layer], alpha=alpha, ms=4)
                peak = x.index(max(x))
                ax.plot(x[peak], y[peak], "o", mfc="none", color=colours[layer], alpha=alpha, ms=7)
        ax.set_title(FAMILY_TITLES.get(family, family))
        label_plane(ax)
        if len(members) > 1:
            ax.legend(handles=legend, loc="lower right", fontsize=8, frameon=False)
    handles = [plt.Line2D([], [], color=colours[l], lw=2) for l in range(n_layers)]
    names = [f"layer {l + 1}" for l in range(n_layers - 1)] + ["output"]
    fig.legend(handles, names, loc="upper center", ncol=n_layers, frameon=False,
               bbox_to_anchor=(0.5, 1.0 + 0.02 / rows))
    fig.suptitle(f"Is the compression real? {report.get('label', '')} ({report['networks']} networks; "
                 "solid: significant compression, ring: peak of I(X;T))", y=1.04 + 0.02 / rows)
    fig.tight_layout()
    return fig, list(axes.flat[:len(families)])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="infoplane_plot.verdict", description=__doc__.split("\n")[0])
    parser.add_argument("report", help="verdict.json")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--formats", default="png,svg")
    args = parser.parse_args(argv)
    try:
        import matplotlib  # noqa: F401
    except ImportError as e:
        print(f"infoplane_plot.verdict: {e.name} is not installed (Debian: apt-get install python3-matplotlib)",
              file=sys.stderr)
        return 3
    try:
        report = load(args.report)
    except (OSError, ValueError, KeyError) as e:
        print(f"infoplane_plot.verdict: {args.report}: cannot read: {e}", file=sys.stderr)
        return 2
    import os
    os.makedirs(args.out, exist_ok=True)
    for path in draw(report, args.out, [f for f in args.formats.split(",") if f]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
