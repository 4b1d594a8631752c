"""Checks of the drift/diffusion transition rule against analytic cases (run by
tests/io/plot_python_test.cpp: python3 -m unittest discover -s python/tests)."""
import unittest

import numpy as np

from infoplane_plot.gradients import log_window_smooth, transition_epochs


class LogWindowSmooth(unittest.TestCase):
    def test_constant_stays_constant(self):
        self.assertTrue(np.allclose(log_window_smooth(np.full(500, 3.25)), 3.25))

    def test_matches_brute_force_window_mean(self):
        rng = np.random.default_rng(1)
        values = rng.random(300)
        smooth = log_window_smooth(values, ratio=1.5)
        n = len(values)
        for e in (1, 2, 7, 50, 199, 250, 300):
            w = min(1.5, n / e)
            lo, hi = int(np.floor(e / w + 1e-9)), int(np.floor(e * w + 1e-9))
            window = [values[k - 1] for k in range(max(lo, 1), min(hi, n) + 1)]
            self.assertAlmostEqual(smooth[e - 1], np.mean(window), places=12)


class TransitionEpochs(unittest.TestCase):
    def test_power_law_crossing(self):
        # mean = 1 until epoch 100, then (e / 100)^-2; std = 0.25: they cross at e = 200.
        epochs = np.arange(1, 2001, dtype=float)
        mean = np.where(epochs < 100, 1.0, (epochs / 100) ** -2.0)
        std = np.full_like(mean, 0.25)
        (found,) = transition_epochs(mean[:, None], std[:, None])
        self.assertGreaterEqual(found, 185)
        self.assertLessEqual(found, 215)

    def test_noisy_mean_does_not_trigger_early(self):
        # A mean 4x the std with +-50% multiplicative noise never crosses on average.
        rng = np.random.default_rng(2)
        mean = 4.0 * (1 + 0.5 * rng.uniform(-1, 1, 1000))
        std = np.ones(1000)
        self.assertEqual(transition_epochs(mean[:, None], std[:, None]), [None])

    def test_layers_are_independent(self):
        epochs = np.arange(1, 1001, dtype=float)
        mean = np.stack([10 / epochs, 100 / epochs], axis=1)   # cross 1 at e = 10 and 100
        std = np.ones_like(mean)
        first, second = transition_epochs(mean, std)
        self.assertTrue(9 <= first <= 13, first)
        self.assertTrue(95 <= second <= 115, second)


if __name__ == "__main__":
    unittest.main()
