"""Recording your own PyTorch training loop in the information plane (docs/python.md).

``Recorder`` attaches to an ``nn.Module`` and a list of its layers. Call ``record_initial()``
before training, ``after_step()`` after every ``optimizer.step()`` and ``end_epoch(epoch)`` at
the end of every epoch; at the recorded epochs it evaluates the model on the given inputs and
places every listed layer in the information plane with ``infoplane.mi``. ``results()`` gives
the dict of ``infoplane.read_results`` and ``save(path)`` the standard results file, which
``infoplane plot FILE --out DIR`` draws and ``infoplane.summary`` summarises.

    import infoplane, infoplane.torch
    task = infoplane.task("spherical")
    rec = infoplane.torch.Recorder(model, layers=[model[1], model[3], "softmax"], task=task,
                                   epochs=E)
    rec.record_initial()
    for epoch in range(1, E + 1):
        for xb, yb in batches:
            opt.zero_grad(); loss_fn(model(xb), yb).backward(); opt.step()
            rec.after_step()
        rec.end_epoch(epoch)
    rec.save("run.h5")

Several networks (an ensemble): one Recorder per network, then ``merge([rec0, rec1, ...])``.
torch is imported by this module only; ``import infoplane`` does not need it.
"""
import datetime
import json
import math
import socket

import numpy as np
import torch

import infoplane
from infoplane import InfoplaneError

__all__ = ["Recorder", "merge", "reference_log_epochs", "record_epochs", "SOFTMAX"]

#: In ``layers``, as the last entry: the softmax of the model's output (for models that return
#: logits, as ``nn.CrossEntropyLoss`` expects); its weight is the model's last ``nn.Linear``.
SOFTMAX = "softmax"

_OUTPUT_MODES = ("auto", "logits", "probabilities", "log_probabilities")


def reference_log_epochs(n_epochs, points=400):
    """The reference code's log-spaced schedule, exactly as ``infoplane train --record log
    --record-points K --epochs E`` records it (the C++ schedule, include/infoplane/train/
    schedule.hpp): ``np.unique(np.logspace(np.log2(1), np.log2(E), K, dtype=int, base=2)) - 1``.
    E = 10000, K = 400: 279 epochs, 0 ... 9998."""
    return record_epochs(n_epochs, "log", points)


def record_epochs(n_epochs, record="log", points=400):
    """The epochs to record for a run of ``n_epochs`` epochs: ``record="log"`` (the reference
    schedule with ``points`` points), ``"every"`` (0..E) or a list of epochs in [0, E], as
    training.record of docs/parameters.md (checked and computed by the C++ library)."""
    if not isinstance(record, str):
        record = [_integer(e, "record") for e in record]
    return list(infoplane._core.recorded_epochs(
        {"epochs": _integer(n_epochs, "epochs"), "record": record, "record_points": _integer(points, "points")}))


def _integer(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InfoplaneError(f"{what} = {value!r}: expected an integer")
    return int(value)


def _numpy(value, what):
    """A numpy array from a numpy array, a torch tensor (any device) or a sequence."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    try:
        return np.asarray(value)
    except Exception as e:  # noqa: BLE001 - reported with the argument's name
        raise InfoplaneError(f"{what}: expected an array: {e}") from None


def _mask(value, n, what):
    """A boolean mask of n rows from a boolean mask or an array of row indices."""
    a = _numpy(value, what)
    if a.dtype == bool:
        if a.shape != (n,):
            raise InfoplaneError(f"{what}: a boolean mask of shape {a.shape}, expected ({n},)")
        return a.copy()
    if a.ndim != 1 or a.dtype.kind not in "iu":
        raise InfoplaneError(f"{what}: expected a boolean mask of length {n} or integer row indices")
    if a.size and (a.min() < 0 or a.max() >= n):
        raise InfoplaneError(f"{what}: row indices must be in [0, {n})")
    m = np.zeros(n, bool)
    m[a] = True
    return m


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        text = repr(v)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string


def _describe(module):
    return type(module).__name__ if not isinstance(module, str) else module


class Recorder:
    """The information plane, gradient statistics and metrics of one network trained by your
    own PyTorch loop, in the layout of a results file (docs/file-format.md).

    model: the ``nn.Module``. layers: the modules whose outputs are the observed layers, in
    order, ending with the output layer (the C++ runs observe the hidden layers, then the
    softmax probabilities); a module's output of shape (n, ...) is flattened to (n, width).
    The last entry may be ``"softmax"``: the softmax of the model's output (dim 1).

    What to evaluate on (the rows of the information plane), one of:
      ``task=``  an ``infoplane.Task`` or a rule name (``"spherical"``): its ``inputs`` and
                 its exact p(y|x); ``inputs=`` may replace the inputs (same rows);
      ``inputs=X, labels=y``        integer labels (one-hot p(y|x), uniform p(x));
      ``inputs=X, p_y_given_x=P``   soft labels, shape (n, n_labels).
    X: a numpy array or tensor of shape (n, ...) fed to ``model`` as one batch (or in chunks
    of ``eval_batch_size`` rows). ``subset=m`` keeps m rows drawn without replacement by
    ``numpy.random.default_rng(subset_seed)`` (sorted; ``rec.rows`` lists them); every
    per-row argument (labels, targets, train, test) is given for all n rows and subset too.

    epochs: the epochs E the loop trains. record: ``"log"`` (default: the CLI's reference
    schedule with ``record_points`` = 400 points, ``reference_log_epochs``), ``"every"`` or a
    list of epochs. estimators: names as ``infoplane train --estimators`` (default
    ``["binning"]``; ``"kde"`` stores the two series ``kde_upper`` and ``kde_lower`` as the
    CLI does). estimator_options: the [info] keywords of ``infoplane.mi`` (bins, range,
    range_lo, range_hi, sigma2, k, threads, ...), checked here.

    weights: one weight tensor (or a module with ``.weight``) per layer, the weights whose
    gradient statistics are kept (C++: the weight matrix feeding each layer; biases are not
    counted). Default: each layer's own ``nn.Linear``, else the last ``nn.Linear`` inside it,
    else the last ``nn.Linear`` registered before it (``"softmax"``: the model's last
    ``nn.Linear``); checked against the layer's width at the first record.

    Metrics (train/test loss in nats and accuracy): ``train=`` and/or ``test=`` (boolean masks
    or row indices; one given, the other is its complement) select the rows; targets are
    ``targets=`` (integer labels per row), else ``labels``, else p(y|x) (then the loss is the
    expected cross-entropy and the accuracy the expected hit rate). The model's output is read
    as ``output=`` ``"logits"``, ``"probabilities"``, ``"log_probabilities"`` or ``"auto"``
    (probabilities when every row is in [0, 1] and sums to 1 at epoch 0, log-probabilities
    when every row's logsumexp is 0, else logits; one output column: a sigmoid's logit).
    Without rows for a set, its metrics are NaN.

    ib_curve: compute the task's IB curve for the results (default: when ``task=`` is given);
    ``ib={...}``: its [ib] options (beta_min, beta_max, points, ...). name, description,
    run_seed: stored in the results file's metadata (title of the figures, seed attribute).
    """

    def __init__(self, model, layers, task=None, *, epochs, inputs=None, labels=None,
                 p_y_given_x=None, subset=None, subset_seed=0, record="log", record_points=400,
                 estimators=("binning",), weights=None, train=None, test=None, targets=None,
                 output="auto", ib_curve=None, ib=None, eval_batch_size=None, device=None,
                 name="pytorch", description="", run_seed=0, **estimator_options):
        if not isinstance(model, torch.nn.Module):
            raise InfoplaneError(f"model: expected a torch.nn.Module, got {type(model).__name__}")
        self.model = model
        self.n_epochs = _integer(epochs, "epochs")
        self.recorded_epochs = record_epochs(self.n_epochs, record, record_points)
        self._record_text = record if isinstance(record, str) else list(self.recorded_epochs)
        self._record_points = record_points
        self._slot = {e: k for k, e in enumerate(self.recorded_epochs)}
        self.name, self.description, self.run_seed = str(name), str(description), int(run_seed)
        if output not in _OUTPUT_MODES:
            raise InfoplaneError(f"output = {output!r}: expected one of {', '.join(_OUTPUT_MODES)}")
        self._output_mode = output
        self.eval_batch_size = None if eval_batch_size is None else _integer(eval_batch_size, "eval_batch_size")
        if self.eval_batch_size is not None and self.eval_batch_size < 1:
            raise InfoplaneError("eval_batch_size: must be >= 1")

        self._set_layers(layers)
        self._set_data(task, inputs, labels, p_y_given_x, subset, subset_seed, targets, train, test)
        self._set_estimators(estimators, estimator_options)
        self._set_weights(weights)
        if ib_curve is None:
            ib_curve = self._task_spec is not None
        self._ib_options = dict(ib or {})
        self._want_ib = bool(ib_curve)
        if self._want_ib and self._ib_options:
            infoplane.ib_curve(infoplane.task(labels=np.array([0, 1])), **self._ib_options)  # checks
        self._ib_curve = None

        params = [p for p in model.parameters()]
        if device is None:
            device = params[0].device if params else torch.device("cpu")
        self.device = torch.device(device)
        self._dtype = next((p.dtype for p in params if p.is_floating_point()), torch.float32)

        n_rec, n_lay = len(self.recorded_epochs), len(self.layers)
        self._info = {s: (np.full((n_rec, n_lay), np.nan), np.full((n_rec, n_lay), np.nan))
                      for s in self._series}
        self._metrics = {k: np.full(n_rec, np.nan)
                         for k in ("train_loss", "train_accuracy", "test_loss", "test_accuracy")}
        self._grads = {k: np.full((self.n_epochs, n_lay), np.nan)
                       for k in ("mean_norm", "std_norm", "weight_norm")}
        self.layer_widths = None
        self._epoch = -1            # epochs completed and ended; -1: not started
        self._batches = 0
        self._sum = self._sum_sq_norms = None

    # -- setup -------------------------------------------------------------------------------

    def _set_layers(self, layers):
        if isinstance(layers, (torch.nn.Module, str)) or not hasattr(layers, "__iter__"):
            raise InfoplaneError("layers: expected a list of modules of the model (and optionally \"softmax\" last)")
        layers = list(layers)
        if not layers:
            raise InfoplaneError("layers: the list is empty")
        position = {id(m): k for k, m in enumerate(self.model.modules())}
        names = {id(m): n for n, m in self.model.named_modules()}
        self._layer_names = []
        for i, layer in enumerate(layers):
            if isinstance(layer, str):
                if layer != SOFTMAX:
                    raise InfoplaneError(f"layers[{i}] = {layer!r}: the only name allowed is \"softmax\"")
                if i != len(layers) - 1:
                    raise InfoplaneError(f"layers[{i}]: \"softmax\" (the model's output) must be the last layer")
                self._layer_names.append("softmax(output)")
                continue
            if not isinstance(layer, torch.nn.Module):
                raise InfoplaneError(f"layers[{i}]: expected a torch.nn.Module, got {type(layer).__name__}")
            if id(layer) not in position:
                raise InfoplaneError(f"layers[{i}] ({_describe(layer)}): not a submodule of the model")
            if any(layer is other for other in layers[:i]):
                raise InfoplaneError(f"layers[{i}] ({_describe(layer)}): listed twice")
            self._layer_names.append(f"{names[id(layer)] or '(model)'} ({_describe(layer)})")
        self.layers = layers
        self._position = position

    def _set_data(self, task, inputs, labels, p_y_given_x, subset, subset_seed, targets, train, test):
        self._task_spec = None
        if task is not None:
            if labels is not None or p_y_given_x is not None:
                raise InfoplaneError("give task=... or inputs with labels=/p_y_given_x=..., not both")
            if isinstance(task, str):
                self._task_spec = task
                task = infoplane.task(task)
            elif isinstance(task, infoplane.Task):
                self._task_spec = task.name
            else:
                raise InfoplaneError(f"task: expected an infoplane.Task or a rule name, got {type(task).__name__}")
            n = task.n_patterns
            x = task.inputs if inputs is None else inputs
            what_x = "task.inputs" if inputs is None else "inputs"
            soft, hard = None, None
        else:
            if inputs is None:
                raise InfoplaneError("give task=... or inputs=... with labels=... or p_y_given_x=...")
            if (labels is None) == (p_y_given_x is None):
                raise InfoplaneError("inputs: give exactly one of labels=... or p_y_given_x=...")
            x, what_x = inputs, "inputs"
            if labels is not None:
                hard = _numpy(labels, "labels")
                if hard.ndim != 1 or hard.dtype.kind not in "iu":
                    raise InfoplaneError(f"labels: expected a 1-D integer array, got shape {hard.shape} dtype {hard.dtype}")
                n, soft = hard.shape[0], None
            else:
                soft = _numpy(p_y_given_x, "p_y_given_x").astype(np.float64)
                if soft.ndim != 2:
                    raise InfoplaneError(f"p_y_given_x: expected shape (n, n_labels), got {soft.shape}")
                n, hard = soft.shape[0], None
        x = x if isinstance(x, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(_numpy(x, what_x)))
        if x.ndim < 1 or x.shape[0] != n:
            rows = x.shape[0] if x.ndim else 0
            source = f"the task {task.name} has {n} patterns" if task is not None else \
                f"{'labels' if hard is not None else 'p_y_given_x'} has {n} rows"
            raise InfoplaneError(f"{what_x}: {rows} rows, but {source}")
        tgt = None
        if targets is not None:
            tgt = _numpy(targets, "targets")
            if tgt.ndim != 1 or tgt.dtype.kind not in "iu" or tgt.shape[0] != n:
                raise InfoplaneError(f"targets: expected {n} integer labels, got shape {tgt.shape} dtype {tgt.dtype}")
        masks = []
        for value, what in ((train, "train"), (test, "test")):
            masks.append(None if value is None else _mask(value, n, what))
        if masks[0] is not None and masks[1] is None:
            masks[1] = ~masks[0]
        elif masks[1] is not None and masks[0] is None:
            masks[0] = ~masks[1]

        rows = np.arange(n)
        if subset is not None:
            m = _integer(subset, "subset")
            if not 1 <= m <= n:
                raise InfoplaneError(f"subset = {m}: expected 1 to {n} rows")
            rows = np.sort(np.random.default_rng(_integer(subset_seed, "subset_seed")).choice(n, m, replace=False))
            x = x[torch.from_numpy(rows)]
            hard = None if hard is None else hard[rows]
            soft = None if soft is None else soft[rows]
            tgt = None if tgt is None else tgt[rows]
            masks = [None if mk is None else mk[rows] for mk in masks]
        self.rows = rows
        self.subset, self.subset_seed = subset, subset_seed
        if task is not None and subset is not None:
            p_x = task.p_x[rows]
            task = infoplane.task(p_y_given_x=task.p_y_given_x[rows], p_x=p_x / p_x.sum(), name=task.name)
        elif task is None:
            task = infoplane.task(labels=hard) if hard is not None else infoplane.task(p_y_given_x=soft)
        self.task = task
        self.n_patterns = len(rows)
        self._inputs = x
        self._targets = tgt if tgt is not None else hard
        self._soft_targets = task.p_y_given_x if self._targets is None else None
        if self._targets is not None and self._targets.size and self._targets.min() < 0:
            raise InfoplaneError("targets: labels must be >= 0")
        self._train, self._test = masks

    def _set_estimators(self, estimators, options):
        if isinstance(estimators, str):
            estimators = [estimators]
        estimators = list(estimators)
        if not estimators:
            raise InfoplaneError("estimators: the list is empty")
        if len(set(estimators)) != len(estimators):
            raise InfoplaneError(f"estimators = {estimators}: expected distinct names")
        if "kde" in estimators and ("kde_upper" in estimators or "kde_lower" in estimators):
            raise InfoplaneError("estimators: kde already records kde_upper and kde_lower")
        if "estimator" in options or "estimators" in options:
            raise InfoplaneError("give the estimators as estimators=[...]")
        probe = infoplane.task(labels=np.array([0, 1]))
        for name in estimators:  # the names and options, checked on a 2-pattern task
            infoplane.mi([np.zeros((2, 1), np.float32)], task=probe, estimator=name, **options)
        self.estimators = estimators
        self.estimator_options = dict(options)
        self._series = []
        for name in estimators:
            self._series += ["kde_upper", "kde_lower"] if name == "kde" else [name]

    def _set_weights(self, weights):
        n = len(self.layers)
        if weights is not None:
            weights = list(weights)
            if len(weights) != n:
                raise InfoplaneError(f"weights: {len(weights)} weights for {n} layers (one per layer)")
            out = []
            for i, w in enumerate(weights):
                if isinstance(w, torch.nn.Module):
                    if not isinstance(getattr(w, "weight", None), torch.Tensor):
                        raise InfoplaneError(f"weights[{i}] ({_describe(w)}): the module has no weight tensor")
                    w = w.weight
                if not isinstance(w, torch.Tensor):
                    raise InfoplaneError(f"weights[{i}]: expected a tensor or a module, got {type(w).__name__}")
                if not w.requires_grad:
                    raise InfoplaneError(f"weights[{i}]: the tensor does not require a gradient")
                out.append(w)
            self._inferred = False
        else:
            modules = list(self.model.modules())
            linear = [k for k, m in enumerate(modules) if isinstance(m, torch.nn.Linear)]
            out, where = [], []
            for i, layer in enumerate(self.layers):
                if isinstance(layer, str):
                    k = linear[-1] if linear else None
                elif isinstance(layer, torch.nn.Linear):
                    k = self._position[id(layer)]
                else:
                    inner = [m for m in layer.modules() if isinstance(m, torch.nn.Linear)]
                    if inner:
                        k = self._position[id(inner[-1])]
                    else:
                        before = [j for j in linear if j < self._position[id(layer)]]
                        k = before[-1] if before else None
                if k is None or (where and k <= where[-1]):
                    raise InfoplaneError(
                        f"layers[{i}] ({self._layer_names[i]}): cannot infer the nn.Linear feeding it "
                        f"(each layer needs its own, in the model's order): pass weights=[...]")
                where.append(k)
                out.append(modules[k].weight)
            self._inferred = True
        self.weights = out
        self._weight_sizes = [w.numel() for w in out]
        self._weight_bounds = np.cumsum([0] + self._weight_sizes)

    # -- the training loop's calls -------------------------------------------------------------

    @property
    def epoch(self):
        """Epochs completed so far (-1 before ``record_initial``)."""
        return self._epoch

    def record_initial(self):
        """Before training: records epoch 0 (the untrained network) when it is in the schedule."""
        if self._epoch >= 0:
            raise InfoplaneError(f"record_initial(): already called (at epoch {self._epoch}); call it once, before training")
        if self._batches:
            raise InfoplaneError("record_initial(): after_step() was called before it; record epoch 0 before training")
        if 0 in self._slot:
            self._record(0)
        self._epoch = 0

    def after_step(self):
        """After every optimizer step (or before zero_grad): adds each weight's gradient to the
        epoch's running sums of g per weight and of ||g||^2 per layer (float64, on the weights'
        device)."""
        if self._epoch < 0:
            if 0 in self._slot:
                raise InfoplaneError("after_step(): call record_initial() (or end_epoch(0)) before training")
            self._epoch = 0
        if self._epoch >= self.n_epochs:
            raise InfoplaneError(f"after_step(): all {self.n_epochs} epochs of the schedule have ended (epochs={self.n_epochs})")
        grads = [w.grad for w in self.weights]
        if any(g is None for g in grads):
            i = next(k for k, g in enumerate(grads) if g is None)
            raise InfoplaneError(f"after_step(): weights[{i}] has no gradient: call it after loss.backward() "
                                 f"and before optimizer.zero_grad(set_to_none=True)")
        # One concatenation, one cast, one in-place update and one dot product per layer: the
        # cost per step does not grow with the number of layers beyond the views.
        flat = torch.cat([g.reshape(-1) for g in grads]).to(torch.float64)
        b = self._weight_bounds
        sq_norms = torch.stack([flat[b[l]:b[l + 1]].dot(flat[b[l]:b[l + 1]]) for l in range(len(self.weights))])
        if self._batches == 0:
            if self._sum is None or self._sum.device != flat.device:
                self._sum = torch.zeros_like(flat)
                self._sum_sq_norms = torch.zeros_like(sq_norms)
            else:
                self._sum.zero_()
                self._sum_sq_norms.zero_()
        self._sum.add_(flat)
        self._sum_sq_norms.add_(sq_norms)
        self._batches += 1

    def end_epoch(self, epoch):
        """At the end of each epoch: ``epoch`` = epochs completed (1-based; 0 = record_initial).
        Stores the epoch's gradient statistics; at recorded epochs also the information plane
        and metrics of the model as it is now."""
        epoch = _integer(epoch, "end_epoch(epoch)")
        if epoch == 0:
            return self.record_initial()
        if epoch > self.n_epochs:
            raise InfoplaneError(f"end_epoch({epoch}): beyond the schedule's {self.n_epochs} epochs (epochs={self.n_epochs})")
        if self._epoch < 0 and 0 in self._slot:
            raise InfoplaneError(f"end_epoch({epoch}): call record_initial() (or end_epoch(0)) before training")
        done = max(self._epoch, 0)
        if epoch != done + 1:
            raise InfoplaneError(f"end_epoch({epoch}): expected end_epoch({done + 1}) (epochs completed, "
                                 f"1-based, one call per epoch in order)")
        if self._batches == 0:
            raise InfoplaneError(f"end_epoch({epoch}): no after_step() call during epoch {epoch}")
        # The C++ trainer's statistics (include/infoplane/train/gradient_stats.hpp): mean = sum / B
        # per weight; per layer std_norm^2 = sum of the per-weight population variances =
        # (1/B) sum_b ||g_b||^2 - ||mean||^2 (clamped at 0), mean_norm = ||mean||_2,
        # weight_norm = ||W||_F now.
        inv_b = 1.0 / float(self._batches)
        mean = self._sum.cpu().numpy() * inv_b
        sq_norms = self._sum_sq_norms.cpu().numpy()
        with torch.no_grad():
            w = torch.cat([p.detach().reshape(-1).to(torch.float64) for p in self.weights]).cpu().numpy()
        b = self._weight_bounds
        row = epoch - 1
        for l in range(len(self.layers)):
            lo, hi = b[l], b[l + 1]
            m, ww = mean[lo:hi], w[lo:hi]
            mean2 = float(np.dot(m, m))
            self._grads["mean_norm"][row, l] = math.sqrt(mean2)
            self._grads["std_norm"][row, l] = math.sqrt(max(0.0, float(sq_norms[l]) * inv_b - mean2))
            self._grads["weight_norm"][row, l] = math.sqrt(float(np.dot(ww, ww)))
        self._batches = 0
        if epoch in self._slot:
            self._record(epoch)
        self._epoch = epoch

    # -- evaluation ----------------------------------------------------------------------------

    def activations(self):
        """The observed layers and the model's output on the recorder's inputs, as the recorder
        computes them (eval mode, no_grad, float32 C-contiguous, shape (n, width)):
        ``(list of arrays, output array)``."""
        model = self.model
        modes = [(m, m.training) for m in model.modules()]
        captured = [[] for _ in self.layers]
        calls = [0] * len(self.layers)

        def hook_for(i):
            def hook(module, args, result):
                if not isinstance(result, torch.Tensor):
                    raise InfoplaneError(f"layers[{i}] ({self._layer_names[i]}): its output is a "
                                         f"{type(result).__name__}, expected a tensor")
                calls[i] += 1
                captured[i].append(result.detach().to("cpu", torch.float32, copy=True))
            return hook

        handles = [layer.register_forward_hook(hook_for(i))
                   for i, layer in enumerate(self.layers) if not isinstance(layer, str)]
        outputs = []
        n = self.n_patterns
        chunk = self.eval_batch_size or n
        try:
            model.eval()
            with torch.no_grad():
                for start in range(0, n, chunk):
                    xb = self._inputs[start:start + chunk].to(self.device, self._dtype)
                    before = list(calls)
                    try:
                        out = model(xb)
                    except InfoplaneError:
                        raise
                    except (RuntimeError, TypeError, ValueError) as e:
                        raise InfoplaneError(f"the model's forward on the recorder's inputs (shape "
                                             f"{tuple(xb.shape)}) failed: {e}") from e
                    for i, layer in enumerate(self.layers):
                        if isinstance(layer, str):
                            continue
                        ran = calls[i] - before[i]
                        if ran != 1:
                            raise InfoplaneError(
                                f"layers[{i}] ({self._layer_names[i]}) ran {ran} times in one forward "
                                f"pass; each observed layer must run exactly once (use distinct modules)")
                    if not isinstance(out, torch.Tensor):
                        raise InfoplaneError(f"the model's output is a {type(out).__name__}, expected a tensor")
                    outputs.append(out.detach().to("cpu", torch.float32, copy=True))
        finally:
            for h in handles:
                h.remove()
            for m, mode in modes:
                m.training = mode
        output = torch.cat(outputs) if len(outputs) > 1 else outputs[0]
        if output.shape[0] != n:
            raise InfoplaneError(f"the model's output has {output.shape[0]} rows for {n} input rows")
        layers = []
        for i, layer in enumerate(self.layers):
            if isinstance(layer, str):
                if output.ndim != 2:
                    raise InfoplaneError(f"\"softmax\": the model's output has shape {tuple(output.shape)}, expected (n, n_outputs)")
                t = torch.softmax(output, dim=1)
            else:
                t = torch.cat(captured[i]) if len(captured[i]) > 1 else captured[i][0]
                if t.ndim == 0 or t.shape[0] != n:
                    raise InfoplaneError(f"layers[{i}] ({self._layer_names[i]}): output of shape "
                                         f"{tuple(t.shape)}, expected {n} rows")
            layers.append(np.ascontiguousarray(t.reshape(n, -1).numpy(), dtype=np.float32))
        out = output.reshape(n, -1).numpy()
        return layers, np.ascontiguousarray(out, dtype=np.float32)

    def _record(self, epoch):
        layers, output = self.activations()
        widths = [a.shape[1] for a in layers]
        if self.layer_widths is None:
            if self._inferred:
                for i, (w, width) in enumerate(zip(self.weights, widths)):
                    if w.ndim == 2 and w.shape[0] != width:
                        raise InfoplaneError(
                            f"layers[{i}] ({self._layer_names[i]}) has width {width}, but the weight "
                            f"inferred for it has {w.shape[0]} output units: pass weights=[...]")
            self.layer_widths = widths
        elif widths != self.layer_widths:
            raise InfoplaneError(f"epoch {epoch}: layer widths {widths}, but {self.layer_widths} before")
        r = self._slot[epoch]
        for name in self.estimators:
            try:
                planes = infoplane.mi(layers, task=self.task, estimator=name, **self.estimator_options)
            except InfoplaneError as e:
                raise InfoplaneError(f"epoch {epoch}: {name}: {e}") from e
            if name == "kde":
                for l, p in enumerate(planes):
                    self._info["kde_upper"][0][r, l] = p["i_xt"]
                    self._info["kde_upper"][1][r, l] = p["i_ty"]
                    self._info["kde_lower"][0][r, l] = p["i_xt_lower"]
                    self._info["kde_lower"][1][r, l] = p["i_ty_lower"]
            else:
                for l, p in enumerate(planes):
                    self._info[name][0][r, l] = p["i_xt"]
                    self._info[name][1][r, l] = p["i_ty"]
        if self._train is not None:
            logp = self._log_probabilities(output)
            for prefix, mask in (("train", self._train), ("test", self._test)):
                loss, accuracy = self._metrics_of(logp, mask)
                self._metrics[prefix + "_loss"][r] = loss
                self._metrics[prefix + "_accuracy"][r] = accuracy

    def _log_probabilities(self, output):
        z = output.astype(np.float64)
        if self._output_mode == "auto":
            mode = "logits"
            if z.shape[1] >= 2 and np.all(np.isfinite(z)):
                if np.all((z >= 0) & (z <= 1)) and np.all(np.abs(z.sum(axis=1) - 1.0) < 1e-4):
                    mode = "probabilities"
                elif np.all(z <= 0) and np.all(np.abs(np.log(np.exp(z).sum(axis=1))) < 1e-4):
                    mode = "log_probabilities"
            self._output_mode = mode  # decided once, on the first recorded output
        mode = self._output_mode
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            if z.shape[1] == 1:  # one unit: p(y=1) (a sigmoid)
                if mode == "logits":
                    l1 = -np.logaddexp(0.0, -z[:, 0])
                    l0 = -np.logaddexp(0.0, z[:, 0])
                elif mode == "probabilities":
                    l1, l0 = np.log(z[:, 0]), np.log1p(-z[:, 0])
                else:
                    l1, l0 = z[:, 0], np.log1p(-np.exp(z[:, 0]))
                return np.stack([l0, l1], axis=1)
            if mode == "logits":
                m = z.max(axis=1, keepdims=True)
                return z - (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))
            return np.log(z) if mode == "probabilities" else z

    def _metrics_of(self, logp, mask):
        if not mask.any():
            return math.nan, math.nan
        lp = logp[mask]
        predicted = np.argmax(lp, axis=1)  # the first of equal maxima, as the C++ trainer
        if self._targets is not None:
            y = self._targets[mask]
            if y.max() >= lp.shape[1]:
                raise InfoplaneError(f"targets: label {int(y.max())} but the model has {lp.shape[1]} outputs")
            rows = np.arange(len(y))
            return float(np.mean(-lp[rows, y])), float(np.mean(predicted == y))
        p = self._soft_targets[mask]
        if p.shape[1] != lp.shape[1]:
            raise InfoplaneError(f"p(y|x) has {p.shape[1]} labels but the model has {lp.shape[1]} outputs")
        with np.errstate(invalid="ignore"):
            loss = -np.where(p > 0, p * lp, 0.0).sum(axis=1)
        return float(np.mean(loss)), float(np.mean(p[np.arange(len(p)), predicted]))

    # -- results -------------------------------------------------------------------------------

    def _config_toml(self, n_networks, n_epochs):
        lines = ["# infoplane.torch.Recorder: a PyTorch training loop recorded by the Python module",
                 "# (not an `infoplane train` configuration: the network was trained by the user's code)",
                 f"name = {_toml_value(self.name)}",
                 f"description = {_toml_value(self.description)}", "",
                 "[recorder]",
                 f"torch_version = {_toml_value(torch.__version__)}",
                 f"model = {_toml_value(repr(self.model))}",
                 f"layers = {_toml_value(self._layer_names)}",
                 f"weights = {_toml_value([f'{tuple(w.shape)}' for w in self.weights])}",
                 f"weights_inferred = {_toml_value(self._inferred)}",
                 f"output = {_toml_value(self._output_mode)}",
                 f"n_patterns = {self.n_patterns}"]
        if self.subset is not None:
            lines += [f"subset = {int(self.subset)}", f"subset_seed = {int(self.subset_seed)}"]
        lines += ["", "[task]", f"rule = {_toml_value(self._task_spec or 'arrays')}"]
        if self._train is not None:
            lines.append(f"train_fraction = {_toml_value(float(self._train.mean()))}")
        lines += ["", "[training]", f"networks = {n_networks}", f"epochs = {n_epochs}",
                  f"seed = {self.run_seed}", f"record = {_toml_value(self._record_text)}",
                  f"record_points = {int(self._record_points)}", "", "[info]",
                  f"estimators = {_toml_value(self.estimators)}"]
        options = {}
        for key, value in self.estimator_options.items():
            if key == "info" and isinstance(value, dict):
                options.update(value)
            else:
                options[key] = value
        for p in infoplane.parameters():
            if p["key"].startswith("info.") and p["key"] != "info.estimators":
                key = p["key"][5:]
                lines.append(f"{key} = {_toml_value(options[key]) if key in options else p['default']}")
        lines += ["", "[ib]", f"curve = {_toml_value(self._want_ib)}"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in self._ib_options.items()]
        return "\n".join(lines) + "\n"

    def ib_curve(self):
        """The task's IB curve (``infoplane.ib_curve(task, **ib)``), computed once."""
        if self._ib_curve is None:
            curve = infoplane.ib_curve(self.task, **self._ib_options)
            self._ib_curve = {k: curve[k] for k in ("beta", "i_xt", "i_ty")}
        return self._ib_curve

    def results(self, partial=False):
        """The results dict (as ``infoplane.read_results`` returns) of this one network.
        ``partial=True``: before the last epoch (e.g. after Ctrl-C), the epochs trained so far."""
        n_epochs = self.n_epochs
        if self._epoch < self.n_epochs:
            if not partial:
                raise InfoplaneError(f"results(): {max(self._epoch, 0)} of {self.n_epochs} epochs ended; "
                                     f"call end_epoch() for every epoch, or results(partial=True)")
            n_epochs = max(self._epoch, 0)
        if self.layer_widths is None:
            raise InfoplaneError("results(): nothing recorded yet (call record_initial() first)")
        n_rec = sum(1 for e in self.recorded_epochs if e <= n_epochs)
        d = {
            "n_networks": 1,
            "n_epochs": n_epochs,
            "layer_widths": list(self.layer_widths),
            "recorded_epochs": np.array(self.recorded_epochs[:n_rec], dtype=np.int32),
            "metrics": {k: v[None, :n_rec].copy() for k, v in self._metrics.items()},
            "gradients": {k: v[None, :n_epochs].copy() for k, v in self._grads.items()},
            "info": {s: {"i_xt": xt[None, :n_rec].copy(), "i_ty": ty[None, :n_rec].copy()}
                     for s, (xt, ty) in self._info.items()},
            "ib_curve": self.ib_curve() if self._want_ib else None,
            "layer_beta": None,
            "metadata": {
                "program_version": infoplane.__version__,
                "git_commit": getattr(infoplane._core, "git_commit", ""),
                "config_toml": self._config_toml(1, n_epochs),
                "host": socket.gethostname(),
                "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "seed": self.run_seed,
            },
        }
        return d

    def save(self, path, overwrite=False, partial=False):
        """Writes the results file (docs/file-format.md); refuses an existing file unless
        ``overwrite``. Returns the path."""
        infoplane.write_results(str(path), self.results(partial=partial), overwrite=overwrite)
        return path


def merge(recorders, partial=False):
    """One results dict for an ensemble: the networks of several Recorders (or of their
    ``results()`` dicts, e.g. returned by worker processes) in order, network i = the i-th.
    They must share the epochs, recorded epochs, layer widths, estimators and rows."""
    items = list(recorders)
    if not items:
        raise InfoplaneError("merge(): no recorders")
    parts, recs = [], []
    for i, item in enumerate(items):
        if isinstance(item, Recorder):
            parts.append(item.results(partial=partial))
            recs.append(item)
        elif isinstance(item, dict):
            parts.append(item)
            recs.append(None)
        else:
            raise InfoplaneError(f"merge(): item {i}: expected a Recorder or a results dict")
    first = parts[0]
    for i, p in enumerate(parts[1:], 1):
        for key in ("n_epochs", "layer_widths"):
            if p[key] != first[key]:
                raise InfoplaneError(f"merge(): network {i}: {key} = {p[key]}, network 0 has {first[key]}")
        if not np.array_equal(p["recorded_epochs"], first["recorded_epochs"]):
            raise InfoplaneError(f"merge(): network {i}: other recorded epochs than network 0")
        if list(p["info"]) != list(first["info"]):
            raise InfoplaneError(f"merge(): network {i}: estimators {list(p['info'])}, network 0 has {list(first['info'])}")
        a, b = recs[i], recs[0]
        if a is not None and b is not None and (a.n_patterns != b.n_patterns or not np.array_equal(
                a.task.p_y_given_x, b.task.p_y_given_x)):
            raise InfoplaneError(f"merge(): network {i}: recorded on other rows or another task than network 0")
    stack = lambda get: np.concatenate([get(p) for p in parts], axis=0)  # noqa: E731
    d = {
        "n_networks": sum(int(p["n_networks"]) for p in parts),
        "n_epochs": first["n_epochs"],
        "layer_widths": list(first["layer_widths"]),
        "recorded_epochs": np.asarray(first["recorded_epochs"], dtype=np.int32),
        "metrics": {k: stack(lambda p, k=k: p["metrics"][k]) for k in first["metrics"]},
        "gradients": {k: stack(lambda p, k=k: p["gradients"][k]) for k in first["gradients"]},
        "info": {s: {q: stack(lambda p, s=s, q=q: p["info"][s][q]) for q in ("i_xt", "i_ty")}
                 for s in first["info"]},
        "ib_curve": first.get("ib_curve"),
        "layer_beta": None,
        "metadata": dict(first["metadata"]),
    }
    rec = recs[0]
    if rec is not None:
        d["metadata"]["config_toml"] = rec._config_toml(d["n_networks"], d["n_epochs"])
    else:
        d["metadata"]["config_toml"] = first["metadata"]["config_toml"].replace(
            "\nnetworks = 1\n", f"\nnetworks = {d['n_networks']}\n", 1)
    return d
