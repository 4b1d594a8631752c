"""A movie of the information plane over the recorded epochs: MP4 through ffmpeg, or an
animated GIF (Pillow) where ffmpeg is missing."""
from matplotlib import animation

from .plane import LAYER_MARKERS
from .results import layer_labels
from .style import (EPOCH_CMAP, epoch_colour_values, epoch_norm, label_plane, layer_colours,
                    plane_limits, plt)


def movie(r, estimator, out_dir, fps=8):
    """Each frame: every network's layers at one recorded epoch (small points, coloured by
    layer), the network-averaged trajectories so far (coloured by epoch), the epoch in the
    title. Returns the path written."""
    import os
    i_xt, i_ty = r.info[estimator]                     # [n_networks, n_recorded, n_layers]
    mean_xt, mean_ty = i_xt.mean(axis=0), i_ty.mean(axis=0)
    n_layers = i_xt.shape[2]
    xlim, ylim = plane_limits(i_xt, i_ty)
    colours = layer_colours(n_layers)
    labels = layer_labels(r)
    norm = epoch_norm(r.recorded)
    epoch_values = epoch_colour_values(r.recorded)

    fig, ax = plt.subplots(figsize=(7.2, 5.4))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    label_plane(ax)
    clouds = [ax.scatter([], [], color=colours[l], s=14, alpha=0.55, label=labels[l])
              for l in range(n_layers)]
    trails = [ax.scatter([], [], c=[], cmap=EPOCH_CMAP, norm=norm, s=26,
                         marker=LAYER_MARKERS[l % len(LAYER_MARKERS)], edgecolors="black",
                         linewidths=0.3) for l in range(n_layers)]
    bar = fig.colorbar(trails[0], ax=ax)
    bar.set_label("epoch (log scale)")
    ax.legend(loc="lower right", title="layer (width)", fontsize=9)
    title = ax.set_title("")

    def draw(frame):
        for l in range(n_layers):
            clouds[l].set_offsets(list(zip(i_xt[:, frame, l], i_ty[:, frame, l])))
            trails[l].set_offsets(list(zip(mean_xt[: frame + 1, l], mean_ty[: frame + 1, l])))
            trails[l].set_array(epoch_values[: frame + 1])
        title.set_text(f"{r.title}\nepoch {int(r.recorded[frame])} ({estimator})")
        return clouds + trails + [title]

    anim = animation.FuncAnimation(fig, draw, frames=len(r.recorded), blit=False)
    if animation.writers.is_available("ffmpeg"):
        path = os.path.join(out_dir, f"infoplane_movie_{estimator}.mp4")
        anim.save(path, writer=animation.FFMpegWriter(fps=fps, bitrate=1800), dpi=100)
    else:
        path = os.path.join(out_dir, f"infoplane_movie_{estimator}.gif")
        anim.save(path, writer=animation.PillowWriter(fps=fps), dpi=80)
    plt.close(fig)
    return path
