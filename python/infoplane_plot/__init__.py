"""infoplane_plot: the paper's figures and the information-plane movie, from a results file.

Reads only the HDF5 results file written by infoplane (layout: docs/file-format.md).
Information is in bits throughout. Run as ``python3 -m infoplane_plot RESULTS.h5 --out DIR``
(the ``infoplane plot`` command does this after validating the file).
"""

SCHEMA_NAME = "infoplane-results"
SCHEMA_VERSION = 1
