"""Checks of the drift/diffusion transition rule against analytic cases and brute force (run
with the module's tests by pytest: ctest's python_module)."""
import unittest

import numpy as np

from types import SimpleNamespace

from infoplane_plot.gradients import crossing_epoch, log10_snr_spread, log_window_mean, smoothed_snr


class LogWindowMean(unittest.TestCase):
    def test_constant_stays_constant(self):
        self.assertTrue(np.allclose(log_window_mean(np.full(500, 3.25)), 3.25))

    def test_matches_brute_force_window_mean(self):
        values = np.random.default_rng(1).random(300)
        smooth = log_window_mean(values, log10_window=0.2)
        f = 10 ** 0.2
        for e in (1, 2, 7, 50, 199, 250, 300):
            window = [values[k - 1] for k in range(1, 301) if e / f <= k <= e * f]
            self.assertAlmostEqual(smooth[e - 1], np.mean(window), places=12)


class CrossingEpoch(unittest.TestCase):
    def test_power_law_crossing(self):
        # mean = 1 until epoch 100, then (e / 100)^-2; std = 0.25: SNR = 1 at e = 200.
        epochs = np.arange(1, 2001, dtype=float)
        mean = np.where(epochs < 100, 1.0, (epochs / 100) ** -2.0)
        found = crossing_epoch(smoothed_snr(mean, np.full_like(mean, 0.25)))
        self.assertTrue(190 <= found <= 210, found)

    def test_brief_dip_is_not_a_transition(self):
        # SNR 3, dipping to 0.5 on epochs 100..109, then 3 again until it falls for good at
        # epoch 600: the dip does not persist to 2e, so the transition is 600.
        snr = np.full(2000, 3.0)
        snr[99:109] = 0.5
        snr[599:] = 0.5
        self.assertEqual(crossing_epoch(snr), 600)

    def test_never_crossing(self):
        noisy = 4.0 * (1 + 0.5 * np.random.default_rng(2).uniform(-1, 1, 1000))
        self.assertIsNone(crossing_epoch(smoothed_snr(noisy, np.ones(1000))))

    def test_zero_std_is_a_huge_snr(self):
        self.assertIsNone(crossing_epoch(smoothed_snr(np.full(50, 1e-9), np.zeros(50))))


class Log10SnrSpread(unittest.TestCase):
    @staticmethod
    def results(mean, std):
        return SimpleNamespace(gradients={"mean_norm": np.asarray(mean, float),
                                          "std_norm": np.asarray(std, float)})

    def test_two_layers_a_decade_apart_and_equal(self):
        # 2 networks, 2 epochs, 2 layers. Epoch 1: SNRs 10 and 1000 (logs 1 and 3, std 1);
        # epoch 2: the network mean SNR is 4 in both layers (2 and 6, 3 and 5 average to 4).
        mean = [[[10, 1000], [2, 3]], [[10, 1000], [6, 5]]]
        std = [[[1, 1], [1, 1]], [[1, 1], [1, 1]]]
        spread = log10_snr_spread(self.results(mean, std))
        self.assertAlmostEqual(spread[0], 1.0, places=12)
        self.assertAlmostEqual(spread[1], 0.0, places=12)

    def test_zero_std_gives_nan(self):
        spread = log10_snr_spread(self.results([[[1, 2], [1, 2]]], [[[0, 1], [1, 1]]]))
        self.assertTrue(np.isnan(spread[0]))
        self.assertAlmostEqual(spread[1], np.log10(2) / 2, places=12)


if __name__ == "__main__":
    unittest.main()
