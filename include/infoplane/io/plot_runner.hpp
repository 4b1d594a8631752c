#pragma once
// Figures and the movie from results files: validates each file with read_results, then runs
// the Python plotting package (python/infoplane_plot, matplotlib) in a child process.
// Used by `infoplane plot` and by commands that plot after a run. See docs/figures.md.
#include <string>
#include <vector>

namespace infoplane {

struct PlotRequest {
  std::vector<std::string> results_files;  // one file: its figures; several: also a grid
  std::string out_dir;                     // created if missing
  bool movie = true;                       // MP4 (ffmpeg) or GIF (Pillow) of the plane
  bool grid_only = false;                  // several files: only the grid, not each run's figures
};

// Where python/infoplane_plot lives: $INFOPLANE_PYTHON_DIR if set, else searched relative to
// the running executable (build tree or installed share/infoplane/python). Throws
// infoplane::Error listing the places tried.
std::string find_plot_python_dir();

// The interpreter: $INFOPLANE_PYTHON if set, else /usr/bin/python3 (Debian's, where
// python3-h5py and python3-matplotlib install).
std::string plot_python_interpreter();

// Draws every figure the files support; returns the paths written. Throws infoplane::Error for
// a bad results file (before anything is drawn), a missing interpreter or package, or a
// failed plot.
std::vector<std::string> plot_results(const PlotRequest& request);

// The verdict's robustness figure (python/infoplane_plot/verdict.py) from a verdict.json:
// OUT_DIR/verdict.png and .svg; returns the paths written. Throws infoplane::Error as above.
std::vector<std::string> plot_verdict(const std::string& verdict_json, const std::string& out_dir);

}  // namespace infoplane
