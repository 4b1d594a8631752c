"""Gradient drift and diffusion (paper Fig. 4): per-layer normalised mean and standard
deviation of the weight gradients over epochs, log-log, with the detected transition."""
import numpy as np

from .results import layer_labels
from .style import layer_colours, plt, save


def log_window_smooth(values, ratio=1.5):
    """Mean of values[e'] over epochs e' in [e / w, e * w] (epochs are 1-based), a window of
    constant width on the log-epoch axis that the figure uses; w = min(ratio, n / e) keeps
    the window symmetric (unbiased) near the last epoch. shape = [n_epochs]."""
    n = len(values)
    epochs = np.arange(1, n + 1)
    w = np.minimum(ratio, n / epochs)
    lo = np.clip(np.floor(epochs / w + 1e-9).astype(int), 1, n) - 1
    hi = np.clip(np.floor(epochs * w + 1e-9).astype(int), 1, n)
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    return (cumulative[hi] - cumulative[lo]) / (hi - lo)


def normalised(r):
    """Network-averaged mean_norm / weight_norm and std_norm / weight_norm.
    shape = [n_epochs, n_layers] each (dimensionless)."""
    g = r.gradients
    weight = np.where(g["weight_norm"] > 0, g["weight_norm"], np.nan)
    mean = np.nanmean(g["mean_norm"] / weight, axis=0)
    std = np.nanmean(g["std_norm"] / weight, axis=0)
    return mean, std


def transition_epochs(mean, std, ratio=1.5):
    """Per layer: the first epoch (1-based) at which the smoothed normalised mean falls below
    the smoothed normalised std, i.e. the gradient SNR drops below 1 (drift -> diffusion).
    None for a layer that never crosses. The normalisation cancels in the comparison."""
    out = []
    for layer in range(mean.shape[1]):
        m = log_window_smooth(mean[:, layer], ratio)
        s = log_window_smooth(std[:, layer], ratio)
        below = np.nonzero(m < s)[0]
        out.append(int(below[0]) + 1 if below.size else None)
    return out


def figure4(r, out_dir, formats):
    mean, std = normalised(r)
    epochs = np.arange(1, mean.shape[0] + 1)
    colours = layer_colours(mean.shape[1])
    labels = layer_labels(r)
    transitions = transition_epochs(mean, std)
    fig, ax = plt.subplots(figsize=(8, 5.5))
    for layer in range(mean.shape[1]):
        ax.plot(epochs, log_window_smooth(mean[:, layer]), color=colours[layer], lw=1.6,
                label=f"{labels[layer]} mean")
        ax.plot(epochs, log_window_smooth(std[:, layer]), color=colours[layer], lw=1.2, ls="--",
                label=f"{labels[layer]} std")
        if transitions[layer] is not None:
            ax.axvline(transitions[layer], color=colours[layer], lw=0.8, ls=":")
    known = [t for t in transitions if t is not None]
    if known:
        median = float(np.median(known))
        ax.axvspan(min(known), max(known), color="0.85", zorder=0,
                   label=f"drift -> diffusion (epochs {min(known)}-{max(known)})")
        ax.axvline(median, color="black", lw=1.2, label=f"median transition, epoch {median:g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("gradient norm / weight norm")
    ax.set_title(f"Gradient mean (solid) and std (dashed), mean of "
                 f"{r.gradients['mean_norm'].shape[0]} networks\n{r.title}")
    ax.legend(loc="lower left", ncol=2, fontsize=8, framealpha=0.85)
    fig.tight_layout()
    return save(fig, out_dir, "fig4_gradients", formats), transitions
