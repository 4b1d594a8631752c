"""The Information Bottleneck bound (paper Fig. 6): the IB curve of the task with the trained
layers' points and their beta*."""
import numpy as np

from .results import layer_labels
from .style import label_plane, layer_colours, plt, save


def draw_sample_curve(ax, r, x_right):
    """The finite-sample IB curve of network 0's training sample (Section 3.9), dashed, when the
    file has one; continued flat to x_right like the bound."""
    s = r.ib_sample_curve
    if s is None or not len(s["i_xt"]):
        return
    order = np.argsort(s["i_xt"])
    xs = np.append(s["i_xt"][order], x_right)
    ys = np.append(s["i_ty"][order], s["i_ty"][order][-1])
    ax.plot(xs, ys, color="tab:red", lw=1.5, ls="--", label="finite-sample IB curve (network 0's sample)")


def figure6(r, estimator, out_dir, formats):
    """Two panels: the whole plane (the layers' points span 0..H(X) bits, far beyond the
    curve's knee; the bound continues flat at its last I(T;Y) to the right), and a zoom on
    the curve itself."""
    c = r.ib_curve
    order = np.argsort(c["i_xt"])
    curve_x, curve_y = c["i_xt"][order], c["i_ty"][order]
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
    points_x = i_xt[:, index, :].mean(axis=0)
    points_y = i_ty[:, index, :].mean(axis=0)
    y_top = 1.05 * max(1.0, float(curve_y.max()), float(points_y.max()))
    x_full = 1.05 * max(1.0, float(curve_x.max()), float(points_x.max()))
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5))
    for ax, x_right in zip(axes, (x_full, max(1.0, float(curve_x.max()) * 1.15))):
        xs = np.append(curve_x, x_right)
        ys = np.append(curve_y, curve_y[-1])
        ax.plot(xs, ys, color="black", lw=2, label="IB curve (bound)")
        ax.fill_between(xs, ys, y_top, color="0.92", zorder=0, label="above the bound: unreachable")
        draw_sample_curve(ax, r, x_right)
        clusters = c.get("n_clusters")  # in beta order, as stored
        if clusters is not None and len(clusters) == len(c["beta"]):
            # Critical points: the annealing split a cluster between two betas (the summary's
            # "Critical points of the IB curve").
            split = np.nonzero((clusters[1:] > clusters[:-1]) & (clusters[:-1] >= 1))[0] + 1
            if split.size:
                ax.scatter(c["i_xt"][split], c["i_ty"][split], marker="D", s=36, facecolors="white",
                           edgecolors="black", zorder=4, label="critical point (a cluster splits)")
        for layer in range(i_xt.shape[2]):
            text = labels[layer]
            if beta is not None:
                finite = beta[:, layer][np.isfinite(beta[:, layer])]
                if finite.size:
                    text += f"  β*={np.median(finite):.3g}"
            ax.scatter(points_x[layer], points_y[layer], color=colours[layer], s=60,
                       edgecolors="black", zorder=3, label=text)
        ax.set_xlim(0, x_right)
        ax.set_ylim(0, y_top)
        label_plane(ax)
    axes[0].set_title(f"Layers against the IB bound at epoch {epoch} ({estimator})\n{r.title}")
    axes[1].set_title("zoom on the bound")
    axes[0].legend(loc="lower right", fontsize=9, framealpha=0.9)
    fig.tight_layout()
    return save(fig, out_dir, f"fig6_ib_curve_{estimator}", formats)
