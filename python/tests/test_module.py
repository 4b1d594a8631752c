"""The Python module against the CLI on the same inputs, and its errors (pytest; run by ctest as
`python_module`, with PYTHONPATH=build/release/python and INFOPLANE_CLI set)."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import infoplane

from conftest import run_cli as cli  # noqa: E402 - the CLI runner the tests share




@pytest.fixture(scope="module")
def layers():
    rng = np.random.default_rng(7)
    a = np.tanh(rng.normal(size=(4096, 6))).astype(np.float32)
    b = np.tanh(a[:, :3] * 2.0 + 0.1).astype(np.float64)  # float64 on purpose
    return [a, b]


def test_task_arrays(spherical):
    assert spherical.n_patterns == 4096
    assert spherical.p_x.shape == (4096,)
    assert spherical.p_y_given_x.shape == (4096, 2)
    assert np.allclose(spherical.p_y_given_x.sum(axis=1), 1.0)
    assert len(np.unique(spherical.classes)) == 64
    assert spherical.i_xy_bits == pytest.approx(0.99, abs=1e-8)
    committee = infoplane.task("committee", rule_seed=3)
    assert committee.parameters != infoplane.task("committee", rule_seed=4).parameters


@pytest.mark.parametrize("estimator,options", [
    ("binning", {}), ("binning", {"bins": 100, "range": "data"}), ("adaptive", {"bins": 10}),
    ("kde", {"sigma2": 1e-2}), ("ksg", {"k": 3}), ("exact", {}),
])
def test_mi_equals_the_cli(tmp_path, spherical, layers, estimator, options):
    files = []
    for i, layer in enumerate(layers):
        files.append(tmp_path / f"l{i}.npy")
        np.save(files[-1], layer)
    flags = [f"--{k.replace('_', '-')}" if not isinstance(v, bool) else f"--{k}" for k, v in options.items()]
    args = ["mi", "--layers", ",".join(map(str, files)), "--rule", "spherical", "--estimator", estimator,
            "--json", tmp_path / "out.json"]
    for flag, value in zip(flags, options.values()):
        args += [flag, value]
    cli(*args)
    want = json.loads((tmp_path / "out.json").read_text())["layers"]
    got = infoplane.mi(layers, task=spherical, estimator=estimator, **options)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for key in ("i_xt", "i_ty", "i_xt_lower", "i_xt_upper", "i_ty_lower", "i_ty_upper"):
            assert g[key] == w[key], (key, g[key], w[key])  # exactly the CLI's numbers


def test_mi_with_labels_and_the_ground_truth():
    labels = np.repeat(np.arange(4), 64)          # 256 patterns, 4 classes
    injective = np.arange(256, dtype=np.float32).reshape(256, 1) / 256.0
    [e] = infoplane.mi([injective], labels=labels, bins=256, range_lo=0.0, range_hi=1.0)
    assert e["i_xt"] == pytest.approx(8.0, abs=1e-12)
    assert e["i_ty"] == pytest.approx(2.0, abs=1e-12)
    [c] = infoplane.mi([np.zeros((256, 2), np.float32)], labels=labels)
    assert c["i_xt"] == 0.0


@pytest.mark.parametrize("bad,message", [
    (np.zeros((4096, 3), np.int32), "dtype"),
    (np.zeros(4096, np.float32), "2-D"),
    (np.zeros((4096, 2, 2), np.float32), "2-D"),
    (np.zeros((100, 3), np.float32), "rows"),
    (np.zeros((4096, 0), np.float32), "empty"),
    (np.zeros((4096, 6), np.float32)[:, ::2], "C-contiguous"),
    (np.full((4096, 2), np.nan, np.float32), "NaN"),
    (np.full((4096, 2), np.inf, np.float32), "NaN or infinite"),
])
def test_bad_arrays_are_named(spherical, bad, message):
    with pytest.raises(ValueError, match=message) as error:
        infoplane.mi([bad], task=spherical)
    assert "layers[0]" in str(error.value)


def test_bad_keywords_name_the_key(spherical, layers):
    with pytest.raises(infoplane.InfoplaneError, match=r"info.bins = 1: expected an integer in \[2, 65535\] \(flag --bins\)"):
        infoplane.mi(layers, task=spherical, bins=1)
    with pytest.raises(ValueError, match="unknown keyword 'binz'"):
        infoplane.mi(layers, task=spherical, binz=3)
    with pytest.raises(ValueError, match="ambiguous"):
        infoplane.train(seed=1, epochs=1, networks=1)
    with pytest.raises(ValueError, match="task.train_fraction = 2.0"):
        infoplane.train(train_fraction=2.0)
    with pytest.raises(ValueError, match="labels"):
        infoplane.task(labels=np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match="does not sum to 1"):
        infoplane.task(p_y_given_x=np.array([[0.5, 0.6]]))


def test_ib_curve_and_beta_star(spherical):
    curve = infoplane.ib_curve(spherical, beta_min=0.5, beta_max=200.0, points=12)
    assert curve["beta"].shape == (12,)
    assert np.all(np.diff(curve["i_ty"]) >= -1e-9)
    assert curve["i_ty"][-1] <= curve["i_xy"] + 1e-12
    one_class = np.zeros((4096, 1), np.float32)
    fit = infoplane.beta_star(one_class, task=spherical)
    assert fit["n_symbols"] == 1 and fit["i_xt"] == 0.0
    # A soft encoder that is one-hot gives the binned layer's fit (soft labels, 16 classes).
    rng = np.random.default_rng(1)
    classes = rng.integers(0, 16, 256)
    soft_task = infoplane.task(p_y_given_x=rng.dirichlet([1, 1, 1], 16)[classes])
    layer = (classes.reshape(-1, 1) / 16.0).astype(np.float32)
    binned = infoplane.beta_star(layer, task=soft_task, bins=16, range_lo=0.0, range_hi=1.0)
    soft = infoplane.beta_star(encoder=np.eye(16)[classes], task=soft_task)
    assert soft["kl_bits"] == pytest.approx(binned["kl_bits"], abs=1e-9)
    assert soft["i_xt"] == pytest.approx(binned["i_xt"], abs=1e-12)
    assert soft["i_ty"] == pytest.approx(binned["i_ty"], abs=1e-12)
    one_hot = np.eye(64)[spherical.classes]
    with pytest.raises(ValueError, match="encoder"):
        infoplane.beta_star(encoder=one_hot * 0.5, task=spherical)


def test_train_equals_the_cli(tmp_path):
    keywords = dict(networks=2, epochs=12, widths=[6, 4], record="every", training={"seed": 5},
                    info={"estimators": ["binning", "kde"]}, ib={"points": 6})
    got = infoplane.train(**keywords)
    cli("train", "--networks", 2, "--epochs", 12, "--widths", "6,4", "--record", "every", "--seed", 5,
        "--estimators", "binning,kde", "--points", 6, "--quiet", "--out", tmp_path / "cli.h5")
    want = infoplane.read_results(str(tmp_path / "cli.h5"))
    assert got["metadata"]["config_toml"] == want["metadata"]["config_toml"]
    for group in ("metrics", "gradients"):
        for key in want[group]:
            assert np.array_equal(got[group][key], want[group][key]), (group, key)
    assert sorted(got["info"]) == ["binning", "kde_lower", "kde_upper"]
    for name in want["info"]:
        assert np.array_equal(got["info"][name]["i_xt"], want["info"][name]["i_xt"])
        assert np.array_equal(got["info"][name]["i_ty"], want["info"][name]["i_ty"])
    assert np.array_equal(got["ib_curve"]["i_ty"], want["ib_curve"]["i_ty"])
    # Written from Python, read back by the CLI's reader: the same file.
    infoplane.write_results(str(tmp_path / "py.h5"), got)
    with pytest.raises(ValueError, match="--force"):
        infoplane.write_results(str(tmp_path / "py.h5"), got)
    back = infoplane.read_results(str(tmp_path / "py.h5"))
    assert np.array_equal(back["gradients"]["std_norm"], got["gradients"]["std_norm"])
    summary = infoplane.summary(back, task="spherical")
    assert len(summary["layers"]) == 3


def test_ctrl_c_interrupts_training():
    script = textwrap.dedent("""
        import sys, infoplane
        print("start", flush=True)
        try:
            infoplane.train(networks=2, epochs=10_000_000, widths=[6], training={"threads": 1}, ib={"curve": False})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
        sys.exit(3)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ))
    assert child.stdout.readline().strip() == "start"
    import time
    time.sleep(1.0)
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0 and "interrupted" in out
