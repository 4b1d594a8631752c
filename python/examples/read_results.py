"""Reading an infoplane results file with h5py (the example in docs/file-format.md).

Usage: python3 read_results.py RESULTS.h5
"""
import sys

import h5py

with h5py.File(sys.argv[1], "r") as f:
    print("schema", f.attrs["schema"], "version", f.attrs["schema_version"])
    print("program", f.attrs["program_version"], "commit", f.attrs["git_commit"],
          "seed", f.attrs["seed"])
    widths = f["layers/widths"][()]            # shape = [n_layers]
    epochs = f["epochs/recorded"][()]          # shape = [n_recorded]
    print("layers", list(widths), "recorded epochs", len(epochs))
    for estimator in f["info"]:                # in the order the run computed them
        i_xt = f[f"info/{estimator}/i_xt"]     # shape = [n_networks, n_recorded, n_layers]
        i_ty = f[f"info/{estimator}/i_ty"]
        print(estimator, "i_xt shape", i_xt.shape, "units", i_xt.attrs["units"])
        last = i_xt[:, -1, :].mean(axis=0)     # mean over networks at the last recorded epoch
        last_ty = i_ty[:, -1, :].mean(axis=0)
        for layer, (x, y) in enumerate(zip(last, last_ty)):
            print(f"  layer {layer + 1}: I(X;T) = {x:.6f} bits, I(T;Y) = {y:.6f} bits")
    if "gradients" in f:
        snr = f["gradients/mean_norm"][()] / f["gradients/std_norm"][()]
        print("gradient SNR shape", snr.shape)  # [n_networks, n_epochs, n_layers]
    if "ib/curve" in f:
        print("IB curve points", f["ib/curve/beta"].shape[0])
