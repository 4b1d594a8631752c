"""Shared figure style: readable fonts, the epoch colour map, axis labels in bits, saving."""
import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

EPOCH_CMAP = "gnuplot"   # dark (early) to bright (late), as in the paper's Figure 3
LAYER_CMAP = "viridis"

plt.rcParams.update({
    "font.size": 12, "axes.titlesize": 13, "axes.labelsize": 13, "legend.fontsize": 10,
    "xtick.labelsize": 11, "ytick.labelsize": 11, "figure.dpi": 100, "savefig.dpi": 150,
    "svg.fonttype": "none",
})


def epoch_norm(recorded):
    """Log colour scale over the recorded epochs; epoch 0 is drawn with the colour of epoch 1."""
    top = max(2, int(recorded.max()))
    return LogNorm(vmin=1, vmax=top)


def epoch_colour_values(recorded):
    return recorded.clip(min=1)


def label_plane(ax):
    ax.set_xlabel("I(X;T) [bits]")
    ax.set_ylabel("I(T;Y) [bits]")


def plane_limits(i_xt_all, i_ty_all):
    """Axes from 0 to a little above the data (at least 0..1 bit for I(T;Y))."""
    x_top = max(1.0, float(i_xt_all.max()) * 1.05)
    y_top = max(1.0, float(i_ty_all.max()) * 1.05)
    return (0, x_top), (0, y_top)


def layer_colours(n_layers):
    cmap = plt.get_cmap(LAYER_CMAP)
    return [cmap(0.9 * i / max(1, n_layers - 1)) for i in range(n_layers)]


def save(fig, out_dir, stem, formats):
    """Saves `fig` as out_dir/stem.<fmt> for each format; returns the paths written."""
    import os
    paths = []
    for fmt in formats:
        path = os.path.join(out_dir, f"{stem}.{fmt}")
        fig.savefig(path, bbox_inches="tight")
        paths.append(path)
    plt.close(fig)
    return paths
