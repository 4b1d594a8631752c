"""infoplane.torch.Recorder against the CLI and against a direct computation (pytest; run by
ctest as `python_module`, with PYTHONPATH=build/release/python:python and INFOPLANE_CLI set).
Needs PyTorch (Debian: python3-torch); skipped without it."""
import json
import tomllib

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import infoplane  # noqa: E402
import infoplane.torch as ipt  # noqa: E402

from conftest import run_cli as cli  # noqa: E402 - the CLI runner the tests share
torch.set_num_threads(1)




def mlp(widths, seed):
    torch.manual_seed(seed)
    mods = []
    for i in range(len(widths) - 1):
        mods.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            mods.append(torch.nn.Tanh())
    return torch.nn.Sequential(*mods)


def manual_forward(model, x):
    """The observed layers of a Sequential tanh MLP, computed without the recorder."""
    with torch.no_grad():
        h, out = x, []
        for m in model:
            h = m(h)
            if isinstance(m, torch.nn.Tanh):
                out.append(h.numpy().copy())
        out.append(torch.softmax(h, dim=1).numpy().copy())
    return out


def split_and_labels(task, seed):
    rng = np.random.default_rng(seed)
    train = np.zeros(task.n_patterns, bool)
    train[rng.permutation(task.n_patterns)[:round(0.85 * task.n_patterns)]] = True
    labels = (rng.random(task.n_patterns) < task.p_y_given_x[:, 1]).astype(np.int64)
    return train, labels, rng


def train_loop(model, rec, x, y, rows, rng, epochs, batch, lr=1e-2, on_step=None, on_epoch=None):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    rec.record_initial()
    if on_epoch:
        on_epoch(0)
    for epoch in range(1, epochs + 1):
        order = torch.from_numpy(rows[rng.permutation(len(rows))])
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            if on_step:
                on_step()
            opt.step()
            rec.after_step()
        rec.end_epoch(epoch)
        if on_epoch:
            on_epoch(epoch)


@pytest.fixture(scope="module")
def ensemble(spherical, tmp_path_factory):
    """Two 12-6-4-2 networks, 150 epochs, batch 256, binning at a 20-point log schedule; the
    activations at every recorded epoch saved with np.save by an independent forward pass."""
    folder = tmp_path_factory.mktemp("ensemble")
    x = torch.from_numpy(spherical.inputs)
    recs, saved = [], {}
    for net in range(2):
        train, labels, rng = split_and_labels(spherical, 10 + net)
        model = mlp([12, 6, 4, 2], seed=net)
        rec = ipt.Recorder(model, [model[1], model[3], "softmax"], task=spherical, epochs=150,
                           record_points=20, train=train, targets=labels)

        def on_epoch(epoch, net=net, model=model, rec=rec):
            if epoch in rec.recorded_epochs:
                files = []
                for l, a in enumerate(manual_forward(model, x)):
                    files.append(folder / f"n{net}_e{epoch}_l{l}.npy")
                    np.save(files[-1], a)
                saved[(net, epoch)] = files

        train_loop(model, rec, x, torch.from_numpy(labels), np.flatnonzero(train), rng, 150, 256,
                   on_epoch=on_epoch)
        recs.append(rec)
    return recs, saved, folder


def test_information_plane_equals_the_cli(ensemble):
    recs, saved, folder = ensemble
    results = ipt.merge(recs)
    epochs = list(results["recorded_epochs"])
    assert epochs == ipt.reference_log_epochs(150, 20) and epochs[0] == 0
    assert results["info"]["binning"]["i_xt"].shape == (2, len(epochs), 3)
    assert results["layer_widths"] == [6, 4, 2]
    for (net, epoch), files in saved.items():
        out = folder / f"cli_{net}_{epoch}.json"
        cli("mi", "--layers", ",".join(map(str, files)), "--rule", "spherical", "--estimator", "binning",
            "--json", out)
        want = json.loads(out.read_text())["layers"]
        r = epochs.index(epoch)
        for l, w in enumerate(want):  # exactly the CLI's numbers on the exported activations
            assert results["info"]["binning"]["i_xt"][net, r, l] == w["i_xt"], (net, epoch, l)
            assert results["info"]["binning"]["i_ty"][net, r, l] == w["i_ty"], (net, epoch, l)
    # The networks learned something and the metrics are filled in.
    assert np.all(results["metrics"]["train_accuracy"][:, -1] > 0.7)
    assert np.all(np.isfinite(results["metrics"]["test_loss"]))
    assert results["gradients"]["mean_norm"].shape == (2, 150, 3)
    config = tomllib.loads(results["metadata"]["config_toml"])
    assert config["training"]["networks"] == 2 and config["info"]["estimators"] == ["binning"]


def test_kde_series_equal_the_cli(spherical, tmp_path):
    x = torch.from_numpy(spherical.inputs)
    model = mlp([12, 4, 2], seed=3)
    rec = ipt.Recorder(model, [model[1], "softmax"], task=spherical, epochs=4, record=[0, 4],
                       estimators=["kde", "binning"], sigma2=1e-2, ib_curve=False)
    train, labels, rng = split_and_labels(spherical, 3)
    train_loop(model, rec, x, torch.from_numpy(labels), np.flatnonzero(train), rng, 4, 512)
    results = rec.results()
    assert list(results["info"]) == ["kde_upper", "kde_lower", "binning"]
    files = []
    for l, a in enumerate(manual_forward(model, x)):
        files.append(tmp_path / f"l{l}.npy")
        np.save(files[-1], a)
    cli("mi", "--layers", ",".join(map(str, files)), "--rule", "spherical", "--estimator", "kde",
        "--sigma2", 1e-2, "--json", tmp_path / "kde.json")
    want = json.loads((tmp_path / "kde.json").read_text())["layers"]
    for l, w in enumerate(want):
        assert results["info"]["kde_upper"]["i_xt"][0, -1, l] == w["i_xt_upper"]
        assert results["info"]["kde_upper"]["i_ty"][0, -1, l] == w["i_ty_upper"]
        assert results["info"]["kde_lower"]["i_xt"][0, -1, l] == w["i_xt_lower"]
        assert results["info"]["kde_lower"]["i_ty"][0, -1, l] == w["i_ty_lower"]
    assert results["ib_curve"] is None
    config = tomllib.loads(results["metadata"]["config_toml"])
    assert config["info"]["sigma2"] == 1e-2 and config["info"]["estimators"] == ["kde", "binning"]
    assert config["training"]["record"] == [0, 4]


def test_gradient_statistics_equal_a_direct_computation(spherical):
    """Every mini-batch's weight gradient kept; mean/std norms with numpy in float64."""
    x = torch.from_numpy(spherical.inputs)
    model = mlp([12, 6, 4, 2], seed=5)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    # Explicit weights (the modules) and inferred weights give the same statistics.
    rec = ipt.Recorder(model, [model[1], model[3], "softmax"], task=spherical, epochs=3,
                       weights=linears, record=[0, 3], ib_curve=False)
    rec_t = ipt.Recorder(model, [model[1], model[3], "softmax"], task=spherical, epochs=3,
                         record=[0, 3], ib_curve=False)
    assert all(a is b.weight for a, b in zip(rec_t.weights, linears))  # inferred
    grads, per_epoch = [], []
    train, labels, rng = split_and_labels(spherical, 5)

    def on_step():
        grads.append([m.weight.grad.detach().numpy().astype(np.float64).copy() for m in linears])
        rec_t.after_step()

    def on_epoch(epoch):
        if epoch == 0:
            rec_t.record_initial()
        else:
            rec_t.end_epoch(epoch)
            per_epoch.append((list(grads), [m.weight.detach().numpy().astype(np.float64).copy() for m in linears]))
            grads.clear()

    train_loop(model, rec, x, torch.from_numpy(labels), np.flatnonzero(train), rng, 3, 128,
               on_step=on_step, on_epoch=on_epoch)
    got = rec.results()["gradients"]
    assert np.array_equal(got["std_norm"], rec_t.results()["gradients"]["std_norm"])
    for e, (batches, weights) in enumerate(per_epoch):
        assert len(batches) == 28  # ceil(3482 / 128)
        for l in range(3):
            g = np.stack([b[l] for b in batches])          # (B, out, in)
            mean_norm = np.linalg.norm(g.mean(axis=0))
            std_norm = np.sqrt(g.var(axis=0).sum())         # population variance across batches
            weight_norm = np.linalg.norm(weights[l])
            assert got["mean_norm"][0, e, l] == pytest.approx(mean_norm, rel=1e-12)
            assert got["std_norm"][0, e, l] == pytest.approx(std_norm, rel=1e-12)
            assert got["weight_norm"][0, e, l] == pytest.approx(weight_norm, rel=1e-12)


def test_the_file_plots_and_summarises(ensemble, spherical, tmp_path):
    recs, _, _ = ensemble
    path = tmp_path / "torch.h5"
    infoplane.write_results(str(path), ipt.merge(recs))
    back = infoplane.read_results(str(path))
    assert back["n_networks"] == 2 and back["ib_curve"] is not None
    assert len(infoplane.summary(back, task=spherical)["layers"]) == 3
    done = cli("plot", path, "--out", tmp_path / "figures", "--no-movie")
    pngs = sorted((tmp_path / "figures").glob("*.png"))
    assert pngs, done.stdout + done.stderr
    assert all(p.stat().st_size > 1000 for p in pngs)
    with pytest.raises(ValueError, match="--force"):
        recs[0].save(path)
    recs[0].save(path, overwrite=True)
    assert infoplane.read_results(str(path))["n_networks"] == 1


@pytest.mark.parametrize("epochs,points", [(1, 400), (2, 400), (7, 400), (150, 20), (1000, 400),
                                           (10000, 400), (3000, 57)])
def test_default_schedule_equals_the_cli(tmp_path, epochs, points):
    cli("train", "--epochs", epochs, "--record-points", points, "--networks", 1, "--widths", 1,
        "--train-fraction", 0.01, "--no-ib-curve", "--beta-star-epochs", "none", "--quiet",
        "--out", tmp_path / "s.h5")
    want = list(infoplane.read_results(str(tmp_path / "s.h5"))["recorded_epochs"])
    assert ipt.reference_log_epochs(epochs, points) == want
    model = mlp([12, 2], seed=0)
    kw = {} if points == 400 else {"record_points": points}
    assert ipt.Recorder(model, ["softmax"], task="spherical", epochs=epochs, **kw).recorded_epochs == want


def test_subset_and_arrays():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 8)).astype(np.float32)
    y = rng.integers(0, 3, size=500)
    model = torch.nn.Sequential(torch.nn.Linear(8, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
    rec = ipt.Recorder(model, [model[1], "softmax"], inputs=x, labels=y, subset=200, subset_seed=4,
                       epochs=2, record="every", test=np.arange(500))
    assert len(rec.rows) == 200 and np.all(np.diff(rec.rows) > 0)
    assert np.array_equal(rec.rows, np.sort(np.random.default_rng(4).choice(500, 200, replace=False)))
    layers, out = rec.activations()
    assert layers[0].shape == (200, 5) and layers[0].flags["C_CONTIGUOUS"] and layers[0].dtype == np.float32
    w, b = model[0].weight.detach().numpy(), model[0].bias.detach().numpy()
    assert np.allclose(layers[0], np.tanh(x[rec.rows] @ w.T + b), atol=1e-6)
    model.train()
    rec.record_initial()
    assert model.training  # training mode restored
    r = rec.results(partial=True)
    assert r["n_epochs"] == 0 and list(r["recorded_epochs"]) == [0]
    assert np.isnan(r["metrics"]["train_loss"][0, 0]) and np.isfinite(r["metrics"]["test_loss"][0, 0])
    [want] = infoplane.mi([layers[0]], labels=y[rec.rows])
    assert r["info"]["binning"]["i_xt"][0, 0, 0] == want["i_xt"]
    # p(y|x) rows instead of labels, evaluated in chunks: the same layers.
    soft = np.eye(3)[y]
    chunked = ipt.Recorder(model, [model[1], "softmax"], inputs=torch.from_numpy(x), p_y_given_x=soft,
                           epochs=2, eval_batch_size=64)
    assert np.array_equal(chunked.activations()[0][0][rec.rows], layers[0])


def test_bad_inputs_raise_value_errors(spherical):
    model = mlp([12, 6, 2], seed=0)
    layers = [model[1], "softmax"]
    x = spherical.inputs
    y = np.zeros(4096, np.int64)

    def bad(message, **kw):
        args = dict(layers=layers, task=spherical, epochs=5)
        args.update(kw)
        with pytest.raises(ValueError, match=message):
            ipt.Recorder(model, **args)

    bad("2 weights for 3 layers", layers=[model[1], model[2], "softmax"], weights=[model[0], model[2]])
    bad("1 weights for 2 layers", weights=[model[0]])
    bad("not a submodule", layers=[torch.nn.Tanh(), "softmax"])
    bad("must be the last", layers=["softmax", model[1]])
    bad("listed twice", layers=[model[1], model[1]])
    bad("the list is empty", layers=[])
    bad("cannot infer", layers=[model[1], model[0]])
    bad("inputs: 100 rows, but the task spherical has 4096 patterns", inputs=x[:100])
    bad("inputs: 4096 rows, but labels has 4095 rows", task=None, inputs=x, labels=y[:-1])
    bad("targets: expected 4096 integer labels", targets=y[:10])
    bad("train: a boolean mask of shape", train=np.ones(10, bool))
    bad("give task=... or inputs", task=spherical, labels=y)
    bad("exactly one of labels", task=None, inputs=x)
    bad("unknown keyword 'binz'", binz=3)
    bad(r"info.bins = 1: expected an integer", bins=1)
    bad("kde already records", estimators=["kde", "kde_lower"])
    bad(r"training.record = 6: expected each epoch in \[0, training.epochs = 5\]", record=[0, 6])
    bad("training.record_points = 1", record_points=1)
    assert issubclass(infoplane.InfoplaneError, ValueError)

    rec = ipt.Recorder(model, layers, task=spherical, epochs=2)
    with pytest.raises(ValueError, match="record_initial"):
        rec.end_epoch(1)
    with pytest.raises(ValueError, match="record_initial"):
        rec.after_step()
    rec.record_initial()
    with pytest.raises(ValueError, match="already called"):
        rec.record_initial()
    with pytest.raises(ValueError, match="no gradient"):
        rec.after_step()
    with pytest.raises(ValueError, match="no after_step"):
        rec.end_epoch(1)
    with pytest.raises(ValueError, match="expected end_epoch\\(1\\)"):
        rec.end_epoch(2)
    with pytest.raises(ValueError, match="beyond the schedule's 2 epochs"):
        rec.end_epoch(3)
    with pytest.raises(ValueError, match="0 of 2 epochs ended"):
        rec.results()
    # The model's forward fails on inputs of the wrong width: a ValueError naming the shape.
    wide = ipt.Recorder(model, layers, task=spherical, inputs=np.zeros((4096, 11), np.float32), epochs=2)
    with pytest.raises(ValueError, match=r"forward on the recorder's inputs \(shape \(4096, 11\)\)"):
        wide.record_initial()
    # A layer whose width does not match the inferred weight (the nn.Linear before it).
    class Half(torch.nn.Module):
        def forward(self, h):
            return h[:, :3]

    odd = torch.nn.Sequential(torch.nn.Linear(12, 6), torch.nn.Tanh(), Half(), torch.nn.Linear(3, 2))
    with pytest.raises(ValueError, match="has width 3, but the weight inferred for it has 6"):
        ipt.Recorder(odd, [odd[2], "softmax"], task=spherical, epochs=2).record_initial()
    ipt.Recorder(odd, [odd[2], "softmax"], task=spherical, epochs=2,
                 weights=[odd[0].weight, odd[3].weight]).record_initial()  # explicit: not checked
    # Recorders that do not match cannot be merged.
    a = ipt.Recorder(model, layers, task=spherical, epochs=1, ib_curve=False)
    b = ipt.Recorder(model, ["softmax"], task=spherical, epochs=1, ib_curve=False)
    a.record_initial()
    b.record_initial()
    with pytest.raises(ValueError, match="layer_widths"):
        ipt.merge([a, b], partial=True)
