"""The compression-time analysis (infoplane.compression_time) against series built by hand."""
import numpy as np
import pytest

from infoplane.compression_time import fit_time_against_drop, layer_compressions


def test_onset_drop_and_the_time_to_lose_90_percent():
    epochs = np.array([0, 10, 20, 40, 80, 160])
    # Layer 0 peaks at 5 bits (epoch 20) and falls to 3: 90% of the 2-bit drop is lost when it
    # reaches 3.2, first at epoch 80. Layer 1 only rises: no compression.
    i_xt = np.array([[1, 0.1], [4, 0.5], [5, 0.8], [4, 0.9], [3.1, 1.0], [3, 1.0]])
    [c] = layer_compressions(epochs, i_xt)
    assert (c["layer"], c["onset"], c["t90"], c["duration"]) == (0, 20, 80, 60)
    assert c["drop"] == pytest.approx(2.0)
    assert layer_compressions(epochs, i_xt, min_drop=2.5) == []


def test_fits_recover_a_power_law_and_an_exponential():
    drops = np.array([0.5, 1.0, 2.0, 4.0, 8.0])
    power = fit_time_against_drop(drops, 30.0 * drops ** 1.7)
    assert power["better"] == "power_law" and power["super_linear"]
    assert power["power_law"]["b"] == pytest.approx(1.7, abs=1e-9)
    expo = fit_time_against_drop(drops, 5.0 * np.exp(0.6 * drops))
    assert expo["better"] == "exponential"
    assert expo["exponential"]["b"] == pytest.approx(0.6, abs=1e-9)
    with pytest.raises(ValueError, match="at least 3"):
        fit_time_against_drop([1.0, 2.0], [3.0, 4.0])
