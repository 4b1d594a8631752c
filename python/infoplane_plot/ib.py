"""The Information Bottleneck bound (paper Fig. 6): the IB curve of the task with the trained
layers' points and their beta*."""
import numpy as np

from .results import layer_labels
from .style import label_plane, layer_colours, plt, save


def figure6(r, estimator, out_dir, formats):
    c = r.ib_curve
    order = np.argsort(c["i_xt"])
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    ax.plot(c["i_xt"][order], c["i_ty"][order], color="black", lw=2, label="IB curve (bound)")
    y_top = 1.05 * max(1.0, float(c["i_ty"].max()))
    ax.fill_between(c["i_xt"][order], c["i_ty"][order], y_top, color="0.92", zorder=0,
                    label="above the bound: unreachable")
    i_xt, i_ty = r.info[estimator]                     # [n_networks, n_recorded, n_layers]
    colours = layer_colours(i_xt.shape[2])
    labels = layer_labels(r)
    lb = r.layer_beta
    if lb is not None and len(lb["epochs"]):
        epoch = int(lb["epochs"][-1])
        index = int(np.searchsorted(r.recorded, epoch))
        beta = lb["beta_star"][:, -1, :]               # [n_networks, n_layers]
    else:
        index, epoch, beta = len(r.recorded) - 1, int(r.recorded[-1]), None
    for layer in range(i_xt.shape[2]):
        x, y = i_xt[:, index, layer].mean(), i_ty[:, index, layer].mean()
        text = labels[layer]
        if beta is not None:
            finite = beta[:, layer][np.isfinite(beta[:, layer])]
            if finite.size:
                text += f"  β*={np.median(finite):.3g}"
        ax.scatter(x, y, color=colours[layer], s=60, edgecolors="black", zorder=3, label=text)
    ax.set_xlim(0, max(1.0, float(c["i_xt"].max()) * 1.05))
    ax.set_ylim(0, y_top)
    label_plane(ax)
    ax.set_title(f"Layers against the IB bound at epoch {epoch} ({estimator})\n{r.title}")
    ax.legend(loc="lower right", fontsize=9, framealpha=0.9)
    fig.tight_layout()
    return save(fig, out_dir, f"fig6_ib_curve_{estimator}", formats)
