"""Loading a results file into numpy arrays (shapes as in docs/file-format.md)."""
import os
import re
import tomllib
from dataclasses import dataclass, field

import h5py
import numpy as np

from . import SCHEMA_NAME, SCHEMA_VERSION


@dataclass
class Results:
    path: str
    title: str
    widths: np.ndarray            # shape = [n_layers]
    recorded: np.ndarray          # shape = [n_recorded], epochs
    n_epochs: int
    # estimator -> (i_xt, i_ty), each shape = [n_networks, n_recorded, n_layers], bits
    info: dict = field(default_factory=dict)
    gradients: dict = field(default_factory=dict)  # name -> [n_networks, n_epochs, n_layers]
    ib_curve: dict | None = None                   # beta, i_xt, i_ty: shape = [n_points]
    ib_sample_curve: dict | None = None            # the same for network 0's training sample
    layer_beta: dict | None = None                 # epochs, beta_star, kl_at_beta


def _curve(f, group):
    """An IB curve group of the file (beta, i_xt, i_ty, n_clusters when stored), or None."""
    if group not in f:
        return None
    curve = {k: f[f"{group}/{k}"][()] for k in ("beta", "i_xt", "i_ty")}
    if f"{group}/n_clusters" in f:  # absent in older files
        curve["n_clusters"] = f[f"{group}/n_clusters"][()]
    return curve


def _setting_title(path, config_toml, widths):
    """A short title naming the run's setting: the config's name if any, else the file's stem,
    followed by the architecture."""
    name = None
    # `infoplane run` heads the resolved configuration with: # experiment "E", setting "S"
    match = re.match(r'# experiment "([^"]*)", setting "([^"]*)"', config_toml or "")
    if match:
        experiment, setting = match.groups()
        name = experiment if experiment == setting else f"{experiment}: {setting}"
    try:
        config = tomllib.loads(config_toml or "")
        for section in ("experiment", "run", None):
            table = config.get(section, {}) if section else config
            if name is None and isinstance(table, dict) and isinstance(table.get("name"), str):
                name = table["name"]
                break
    except tomllib.TOMLDecodeError:
        pass
    stem = os.path.splitext(os.path.basename(path))[0]
    arch = "-".join(str(w) for w in widths)
    return f"{name or stem} ({arch})"


def load(path):
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != SCHEMA_NAME:
            raise ValueError(f"{path}: not an infoplane results file")
        if int(f.attrs["schema_version"]) > SCHEMA_VERSION:
            raise ValueError(f"{path}: schema_version {int(f.attrs['schema_version'])} is newer "
                             f"than this plotting code reads ({SCHEMA_VERSION})")
        widths = f["layers/widths"][()]
        r = Results(path=path,
                    title=_setting_title(path, f.attrs.get("config_toml", ""), widths),
                    widths=widths, recorded=f["epochs/recorded"][()],
                    n_epochs=int(f.attrs["n_epochs"]))
        if "info" in f:
            for name in f["info"]:
                r.info[name] = (f[f"info/{name}/i_xt"][()], f[f"info/{name}/i_ty"][()])
        if "gradients" in f:
            r.gradients = {k: f[f"gradients/{k}"][()] for k in f["gradients"]}
        r.ib_curve = _curve(f, "ib/curve")
        r.ib_sample_curve = _curve(f, "ib/sample_curve")
        if "ib/layer_beta" in f:
            r.layer_beta = {k: f[f"ib/layer_beta/{k}"][()]
                            for k in ("epochs", "beta_star", "kl_at_beta")}
    return r


def layer_labels(r):
    """'L1 (10)', ..., the last one marked as the output layer."""
    n = len(r.widths)
    return [f"L{i + 1} ({w})" if i < n - 1 else f"out ({w})" for i, w in enumerate(r.widths)]
