"""Gradient drift and diffusion (paper Fig. 4): per-layer normalised mean and standard
deviation of the weight gradients over epochs, log-log, with the detected transition.

The transition rule is the one of src/run/phase_transition.cpp (the run summary), ported so
that the figure and the summary name the same epochs; tests/io/plot_python_test.cpp checks
that they agree on a synthetic run.
"""
import numpy as np

from .results import layer_labels
from .style import layer_colours, plt, save

LOG10_WINDOW = 0.1   # smoothing: +-0.1 decades of epochs
PERSISTENCE = 2.0    # the SNR must stay below 1 from e to PERSISTENCE * e


def normalised_curves(r, layer):
    """Network-averaged normalised gradient mean and std, mean_norm / weight_norm and
    std_norm / weight_norm, for one layer, or for the whole weight vector when layer is None
    (norms combined over layers as sqrt(sum of squares)). shape = [n_epochs] each."""
    g = r.gradients                              # each [n_networks, n_epochs, n_layers]
    if layer is None:
        m, s, w = (np.sqrt((g[k] ** 2).sum(axis=2)) for k in ("mean_norm", "std_norm",
                                                               "weight_norm"))
    else:
        m, s, w = (g[k][:, :, layer] for k in ("mean_norm", "std_norm", "weight_norm"))
    safe_w = np.where(w > 0, w, 1.0)
    mean = np.where(w > 0, m / safe_w, 0.0).sum(axis=0) / m.shape[0]
    std = np.where(w > 0, s / safe_w, 0.0).sum(axis=0) / m.shape[0]
    return mean, std


def log_window_mean(log_values, log10_window=LOG10_WINDOW):
    """Mean of log_values over the epochs [ceil(e / f), floor(e * f)], f = 10^log10_window
    (epochs 1-based, clipped to the run): a window of constant width on the log-epoch axis."""
    n = len(log_values)
    factor = 10.0 ** log10_window
    epochs = np.arange(1, n + 1, dtype=float)
    lo = np.maximum(1, np.ceil(epochs / factor).astype(int)) - 1
    hi = np.minimum(n, np.floor(epochs * factor).astype(int))
    prefix = np.concatenate([[0.0], np.cumsum(log_values)])
    return (prefix[hi] - prefix[lo]) / (hi - lo)


def safe_log_snr(mean, std):
    """log(mean / std); a zero std (one batch per epoch) counts as a very large SNR."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(mean / std)
    return np.where((std > 0) & (mean > 0), ratio, np.where(std > 0, -50.0, 50.0))


def smoothed_snr(mean, std, log10_window=LOG10_WINDOW):
    return np.exp(log_window_mean(safe_log_snr(mean, std), log10_window))


def crossing_epoch(snr, persistence=PERSISTENCE):
    """First epoch e (1-based) with snr < 1 on all of [e, persistence * e] (clipped to the
    run's end): the drift -> diffusion transition. None if the SNR never stays below 1."""
    n = len(snr)
    next_at_or_above = np.full(n + 1, n)
    for i in range(n - 1, -1, -1):
        next_at_or_above[i] = i if snr[i] >= 1.0 else next_at_or_above[i + 1]
    for i in range(n):
        last_needed = min(n - 1, int(np.floor((i + 1) * persistence)) - 1)
        if snr[i] < 1.0 and next_at_or_above[i] > last_needed:
            return i + 1
    return None


def transitions(r):
    """(per-layer transition epochs, whole-network transition epoch); None = not found."""
    per_layer = [crossing_epoch(smoothed_snr(*normalised_curves(r, l)))
                 for l in range(r.gradients["mean_norm"].shape[2])]
    return per_layer, crossing_epoch(smoothed_snr(*normalised_curves(r, None)))


def smoothed_level(values):
    """Geometric window mean of positive values (for drawing): the ratio of two such curves is
    exactly the smoothed SNR, so the curves cross where the rule finds the transition."""
    with np.errstate(divide="ignore"):
        logs = np.log(np.where(values > 0, values, np.nan))
    logs = np.where(np.isfinite(logs), logs, np.nanmin(logs) if np.isfinite(logs).any() else 0)
    return np.exp(log_window_mean(logs))


def log10_snr_spread(r):
    """Per epoch, the standard deviation over layers of log10 of each layer's ensemble-mean SNR
    (mean of mean_norm / std_norm over the networks): Figure 4's caption says the layers' log
    SNR "approach a constant". The definition of the summary's spread (run/training_dynamics):
    NaN at an epoch where some layer has a zero std. shape = [n_epochs]."""
    g = r.gradients                              # each [n_networks, n_epochs, n_layers]
    m, s = g["mean_norm"], g["std_norm"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(s > 0, m / np.where(s > 0, s, 1.0), np.nan)
        snr = ratio.mean(axis=0)                 # [n_epochs, n_layers]
        logs = np.where(snr > 0, np.log10(np.where(snr > 0, snr, 1.0)), np.nan)
    if logs.shape[1] < 2:
        return np.full(logs.shape[0], np.nan)
    spread = logs.std(axis=1)                    # population std, as the summary
    return np.where(np.isfinite(logs).all(axis=1), spread, np.nan)


def figure4(r, out_dir, formats):
    n_layers = r.gradients["mean_norm"].shape[2]
    colours = layer_colours(n_layers)
    labels = layer_labels(r)
    per_layer, network = transitions(r)
    fig, (ax, ax_spread) = plt.subplots(2, 1, figsize=(8, 7.5), sharex=True,
                                        gridspec_kw={"height_ratios": [3, 1]})
    for layer in range(n_layers):
        mean, std = normalised_curves(r, layer)
        epochs = np.arange(1, len(mean) + 1)
        ax.plot(epochs, smoothed_level(mean), color=colours[layer], lw=1.6,
                label=f"{labels[layer]} mean")
        ax.plot(epochs, smoothed_level(std), color=colours[layer], lw=1.2, ls="--",
                label=f"{labels[layer]} std")
        if per_layer[layer] is not None:
            ax.axvline(per_layer[layer], color=colours[layer], lw=0.8, ls=":")
    if network is not None:
        ax.axvline(network, color="black", lw=1.4,
                   label=f"drift -> diffusion (whole network): epoch {network}")
    spread = log10_snr_spread(r)
    epochs = np.arange(1, len(spread) + 1)
    ax_spread.plot(epochs, spread, color="0.6", lw=0.6, label="per epoch")
    finite = np.isfinite(spread)
    if finite.any():
        smooth = log_window_mean(np.where(finite, spread, np.nanmean(spread)))
        ax_spread.plot(epochs, np.where(finite, smooth, np.nan), color="black", lw=1.4,
                       label="log-window mean")
    ax_spread.set_ylabel("spread of log10 SNR\nover layers (decades)", fontsize=9)
    ax_spread.set_xlabel("epoch")
    ax_spread.legend(loc="upper left", fontsize=8, framealpha=0.85)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylabel("gradient norm / weight norm")
    ax.set_title(f"Gradient mean (solid) and std (dashed), mean of "
                 f"{r.gradients['mean_norm'].shape[0]} networks\n{r.title}")
    ax.legend(loc="lower left", ncol=2, fontsize=8, framealpha=0.85)
    fig.tight_layout()
    return save(fig, out_dir, "fig4_gradients", formats), (per_layer, network)
