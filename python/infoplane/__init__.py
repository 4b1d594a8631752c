"""infoplane: deep networks in the information plane (Shwartz-Ziv & Tishby 2017).

The C++ library from Python, with the CLI's names, defaults and checks: every keyword below is a
key of the parameter table (docs/parameters.md), written as its name within its table
(``bins=30`` is ``info.bins``), or as a table with a dict (``info={"bins": 30}``) where a name
is in several tables. Information is in bits. Bad input raises ``InfoplaneError`` (a
``ValueError``) with the CLI's message. Use Debian's ``/usr/bin/python3``. See docs/python.md.

    import numpy as np, infoplane
    task = infoplane.task("spherical")
    plane = infoplane.mi([layer1, layer2], task=task, estimator="kde", sigma2=1e-3)
    curve = infoplane.ib_curve(task)
    results = infoplane.train(epochs=100, networks=4, widths=[10, 7, 5, 4, 3])
"""

from . import _core
from ._core import Estimator, InfoplaneError, Task

__version__ = _core.__version__
__all__ = ["Estimator", "InfoplaneError", "Task", "task", "estimator", "mi", "ib_curve", "beta_star", "train",
           "read_results", "write_results", "summary", "parameters"]


def task(rule="spherical", labels=None, p_y_given_x=None, inputs=None, p_x=None, name=None, **keywords):
    """A task with its exact P(X,Y).

    ``task("spherical")``, ``task("committee", rule_seed=3)``, ``task("mat:PATH")``,
    ``task("idx:IMAGES,LABELS")``: a named rule (keywords: ``rule_seed``). From arrays:
    ``task(labels=y)`` (integer labels, p(x) uniform) or ``task(p_y_given_x=P)`` (soft labels,
    shape (n, n_labels)), with optional ``inputs`` (n, n_inputs) and ``p_x`` (n,).
    """
    if labels is not None or p_y_given_x is not None:
        if keywords:
            raise InfoplaneError("task(): keywords %s apply to named rules only" % sorted(keywords))
        return _core.task_from_arrays(labels, p_y_given_x, inputs, p_x, name or "arrays")
    return _core.make_task(rule, keywords)


def _task_of(task_, labels):
    if (task_ is None) == (labels is None):
        raise InfoplaneError("give exactly one of task=... or labels=...")
    if task_ is None:
        return _core.task_from_arrays(labels, None, None, None, "labels")
    if isinstance(task_, str):
        return _core.make_task(task_, {})
    return task_


_last_estimator = [None, None]  # [key, Estimator]: repeated calls on one task stay warm


def _cached_estimator(name, task_, options):
    key = (id(task_), name, repr(sorted(options.items())))
    if _last_estimator[0] != key:
        _last_estimator[:] = [key, _core.Estimator(name, task_, options)]  # holds task_ alive
    return _last_estimator[1]


def mi(layers, task=None, labels=None, estimator="binning", **options):
    """The information plane of each layer: a list of dicts with ``i_xt``, ``i_ty`` (bits) and
    their bounds (``i_xt_lower``... equal to the point value for point estimators).

    ``layers``: a list of (n_patterns, width) float32 or float64 arrays (float32 C-contiguous
    arrays are read without a copy), row i = the layer's activation on pattern i of ``task``.
    ``options``: the [info] keys (bins, range, sigma2, k, dpi_tol_bits, ...).
    """
    if not isinstance(layers, (list, tuple)):
        layers = [layers]
    result = _cached_estimator(estimator, _task_of(task, labels), options).estimate(list(layers))
    for layer in result["layers"]:
        layer["estimator"] = result["estimator"]
    return result["layers"]


def estimator(name="binning", task=None, labels=None, **options):
    """An estimator bound to a task, for many calls (a training loop): ``e.estimate(layers)``
    returns what ``mi`` returns for the layers (the dict with "layers", "estimator" and the DPI
    violations); the [info] options are checked once and binning's workspace stays warm."""
    return _core.Estimator(name, _task_of(task, labels), options)


def ib_curve(task="spherical", patterns=False, **options):
    """The Information Bottleneck curve of a task: dict of arrays ``beta``, ``i_xt``, ``i_ty``
    (bits), ``n_clusters`` and the ceiling ``i_xy``. Options: the [ib] keys (beta_min, beta_max,
    points, max_clusters, tolerance, ...)."""
    return _core.ib_curve(_task_of(task, None), patterns, options)


def beta_star(layer=None, task=None, labels=None, encoder=None, **options):
    """beta* of one layer (the paper's Eq. 12): the beta whose IB encoder is closest to the
    layer's encoder. ``layer``: activations (n_patterns, width), binned with the [info] binning
    keys (bins, range, ...); or ``encoder``: a soft encoder p(t|x), shape (n_patterns, n_t),
    rows summing to 1 (e.g. a noisy layer's). A dict: beta_star, kl_bits, i_xt, i_ty (bits)."""
    if (layer is None) == (encoder is None):
        raise InfoplaneError("beta_star(): give exactly one of layer=... or encoder=...")
    if encoder is not None:
        if options:
            raise InfoplaneError("beta_star(): keywords %s apply to binned layers only" % sorted(options))
        return _core.encoder_beta_star(encoder, _task_of(task, labels))
    return _core.beta_star(layer, _task_of(task, labels), options)


def train(config=None, **keywords):
    """Trains an ensemble on the pipeline of ``infoplane train`` and returns its results (the
    dict of ``read_results``). ``config``: a TOML file of docs/parameters.md keys; keywords
    override it (``epochs=100``, ``training={"seed": 3}``). Ctrl-C interrupts it."""
    return _core.train(config, keywords)


def read_results(path):
    """A results file as a dict of numpy arrays (docs/file-format.md): metrics (n_networks,
    n_recorded), gradients (n_networks, n_epochs, n_layers), info[estimator] (n_networks,
    n_recorded, n_layers), ib_curve, layer_beta, metadata."""
    return _core.read_results(path)


def write_results(path, results, overwrite=False):
    """Writes a results dict (as read_results returns) as a results file; refuses an existing
    file unless ``overwrite``."""
    _core.write_results(path, results, overwrite)


def summary(results, task=None, i_xy_bits=None, dpi_tol_bits=None):
    """The run's summary (the summary.json of ``infoplane run``) as a dict. ``i_xy_bits``: the
    task's I(X;Y), taken from ``task`` when given."""
    import json
    if i_xy_bits is None:
        if task is None:
            raise InfoplaneError("summary(): give task=... or i_xy_bits=...")
        i_xy_bits = _task_of(task, None).i_xy_bits
    if dpi_tol_bits is None:  # the table's default of info.dpi_tol_bits
        dpi_tol_bits = next(float(p["default"]) for p in parameters() if p["key"] == "info.dpi_tol_bits")
    return json.loads(_core.summary(results, float(i_xy_bits), float(dpi_tol_bits)))


def parameters():
    """The parameter table: a list of dicts (key, flag, help, units, allowed, default)."""
    return _core.parameters()
