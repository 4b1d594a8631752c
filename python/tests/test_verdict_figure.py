"""The verdict's robustness figure (infoplane_plot.verdict) from a built verdict.json: one panel
per estimator family, every layer's trajectory, and its errors on a file that is not one."""
import json
import os
import tempfile
import unittest

from infoplane_plot import verdict


def built_report():
    """Two families (binning with two bin counts, KSG), two layers, three epochs."""
    def series(label, family, options, drop):
        xt = [[1.0, 0.5], [2.0, 0.9], [2.0 - drop, 0.9]]
        ty = [[0.1, 0.1], [0.5, 0.6], [0.6, 0.7]]
        layers = [{"compression_bits": drop, "ci95_bits": [drop, drop], "peak_bits": 2.0,
                   "final_bits": 2.0 - drop, "onset_epoch": 10, "compresses": drop > 0.05,
                   "significant": drop > 0.05}, {"compression_bits": 0.0, "ci95_bits": [0.0, 0.0],
                   "peak_bits": 0.9, "final_bits": 0.9, "onset_epoch": 20, "compresses": False,
                   "significant": False}]
        base = {"bins": 30, "range": "fixed", "sigma2": 1e-3, "k": 3, "mc_samples": 10, "quantize_bits": 0}
        base.update(options)
        return {"label": label, "family": family, "estimator": family, "options": base, "layers": layers,
                "mean_i_xt": xt, "mean_i_ty": ty}
    return {"label": "built", "networks": 2, "epochs": [0, 10, 20], "layer_widths": [3, 2],
            "families": ["binning-fixed", "ksg"],
            "series": [series("binning-10-fixed", "binning-fixed", {"bins": 10}, 0.5),
                       series("binning-30-fixed", "binning-fixed", {"bins": 30}, 0.3),
                       series("ksg-3", "ksg", {"k": 3}, 0.0)]}


class VerdictFigure(unittest.TestCase):
    def test_draws_one_panel_per_family(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "verdict.json")
            with open(path, "w") as f:
                json.dump(built_report(), f)
            self.assertEqual(verdict.main([path, "--out", out, "--formats", "png"]), 0)
            png = os.path.join(out, "verdict.png")
            self.assertTrue(os.path.getsize(png) > 1000)

    def test_panels_lines_and_styles(self):
        import matplotlib.pyplot as plt
        fig, visible = verdict.make_figure(built_report())
        self.assertEqual(len(visible), 2)
        self.assertEqual(visible[0].get_title(), "binning, fixed range")
        # binning: 2 series x 2 layers, each a line, a final dot and a peak ring.
        self.assertEqual(len(visible[0].lines), 2 * 2 * 3)
        self.assertEqual(len(visible[1].lines), 1 * 2 * 3)
        # The significant layer is solid, the other dashed; the line runs through the means.
        self.assertEqual(visible[0].lines[0].get_linestyle(), "-")
        self.assertEqual(visible[0].lines[3].get_linestyle(), "--")
        self.assertEqual(list(visible[0].lines[0].get_xdata()), [1.0, 2.0, 1.5])
        # The peak ring of layer 1 under 10 bins sits at the peak of I(X;T).
        self.assertEqual(list(visible[0].lines[2].get_xdata()), [2.0])
        plt.close(fig)

    def test_not_a_verdict_file(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "other.json")
            with open(path, "w") as f:
                json.dump({"series": []}, f)
            self.assertEqual(verdict.main([path, "--out", out]), 2)
            self.assertEqual(verdict.main([os.path.join(out, "missing.json"), "--out", out]), 2)


if __name__ == "__main__":
    unittest.main()
