"""Information-plane figures: trajectories (paper Fig. 3), snapshots (Fig. 2), grids of runs
(Figs. 5 and 7). x = I(X;T), y = I(T;Y), both in bits."""
import numpy as np

from .ib import draw_sample_curve
from .results import layer_labels
from .style import (EPOCH_CMAP, epoch_colour_values, epoch_norm, label_plane, layer_colours,
                    plane_limits, plt, save)

LAYER_MARKERS = "osD^v<>ph*"


def draw_trajectories(ax, r, estimator, norm=None, legend=True):
    """One line per layer through its network-averaged (I(X;T), I(T;Y)) at each recorded
    epoch, points coloured by epoch, under the IB curves the file holds (Figures 3 and 7).
    Returns the scatter artist (for a colour bar)."""
    i_xt, i_ty = r.info[estimator]                     # [n_networks, n_recorded, n_layers]
    mean_xt, mean_ty = i_xt.mean(axis=0), i_ty.mean(axis=0)  # [n_recorded, n_layers]
    norm = norm or epoch_norm(r.recorded)
    colours = epoch_colour_values(r.recorded)
    labels = layer_labels(r)
    artist = None
    for layer in range(mean_xt.shape[1]):
        ax.plot(mean_xt[:, layer], mean_ty[:, layer], color="0.6", lw=0.8, zorder=1)
        artist = ax.scatter(mean_xt[:, layer], mean_ty[:, layer], c=colours, cmap=EPOCH_CMAP,
                            norm=norm, s=22, marker=LAYER_MARKERS[layer % len(LAYER_MARKERS)],
                            edgecolors="none", zorder=2)
        if legend:  # legend entries: marker shape = layer
            ax.scatter([], [], marker=LAYER_MARKERS[layer % len(LAYER_MARKERS)], c="0.3",
                       s=22, label=labels[layer])
    xlim, ylim = plane_limits(i_xt, i_ty)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    draw_bounds(ax, r)
    label_plane(ax)
    if legend:
        ax.legend(loc="best", title="layer (width)", ncol=2, framealpha=0.85, fontsize=9)
    return artist


def figure3(r, estimator, out_dir, formats):
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    artist = draw_trajectories(ax, r, estimator)
    bar = fig.colorbar(artist, ax=ax)
    bar.set_label("epoch (log scale)")
    n_networks = r.info[estimator][0].shape[0]
    ax.set_title(f"Information plane, mean of {n_networks} networks ({estimator})\n{r.title}")
    return save(fig, out_dir, f"fig3_infoplane_{estimator}", formats)


def snapshot_indices(n_recorded):
    """First, middle and last recorded epochs (fewer if fewer were recorded)."""
    return sorted({0, n_recorded // 2, n_recorded - 1})


def figure2(r, estimator, out_dir, formats):
    """Every network's layers at chosen epochs: points coloured by layer, one faint line per
    network joining its layers."""
    i_xt, i_ty = r.info[estimator]
    picks = snapshot_indices(len(r.recorded))
    colours = layer_colours(i_xt.shape[2])
    labels = layer_labels(r)
    xlim, ylim = plane_limits(i_xt, i_ty)
    fig, axes = plt.subplots(1, len(picks), figsize=(5 * len(picks), 4.6), sharey=True,
                             squeeze=False)
    for ax, index in zip(axes[0], picks):
        for net in range(i_xt.shape[0]):
            ax.plot(i_xt[net, index], i_ty[net, index], color="0.75", lw=0.6, zorder=1)
        for layer in range(i_xt.shape[2]):
            ax.scatter(i_xt[:, index, layer], i_ty[:, index, layer], color=colours[layer], s=28,
                       edgecolors="black", linewidths=0.3, zorder=2, label=labels[layer])
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        label_plane(ax)
        ax.set_title(f"epoch {int(r.recorded[index])}")
        ax.label_outer()
    axes[0][-1].legend(loc="lower right", title="layer (width)")
    fig.suptitle(f"Snapshots of all {i_xt.shape[0]} networks ({estimator}): {r.title}")
    fig.tight_layout()
    return save(fig, out_dir, f"fig2_snapshots_{estimator}", formats)


def draw_bounds(ax, r):
    """Figure 7's curves in a panel: the task's IB curve (solid) and the finite-sample curve of
    network 0's training sample (dashed), each continued flat to the panel's right edge."""
    x_right = ax.get_xlim()[1]
    c = r.ib_curve
    if c is not None and len(c["i_xt"]):
        order = np.argsort(c["i_xt"])
        ax.plot(np.append(c["i_xt"][order], x_right), np.append(c["i_ty"][order], c["i_ty"][order][-1]),
                color="black", lw=1.2, label="IB curve")
    draw_sample_curve(ax, r, x_right)
    ax.set_xlim(right=x_right)


def grid_figure(runs, estimator_of, out_dir, formats):
    """Figures 5 and 7: one information-plane panel per run, titled by its setting, sharing
    one epoch colour scale."""
    n = len(runs)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    top_epoch = max(int(r.recorded.max()) for r in runs)
    norm = epoch_norm(np.array([1, top_epoch]))
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.4 * rows), squeeze=False)
    artist = None
    for k, r in enumerate(runs):
        ax = axes[k // cols][k % cols]
        artist = draw_trajectories(ax, r, estimator_of(r), norm=norm, legend=(k == 0))
        ax.set_title(r.title, fontsize=11)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.tight_layout()
    bar = fig.colorbar(artist, ax=axes.ravel().tolist(), shrink=0.9)
    bar.set_label("epoch (log scale)")
    return save(fig, out_dir, "fig5_grid_infoplane", formats)
