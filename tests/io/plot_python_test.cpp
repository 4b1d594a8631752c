// The Python side of the results file: the h5py example of docs/file-format.md reads a file
// written by the C++ writer and prints the same numbers (the plotting package's unit tests run
// under pytest, ctest's python_module). Skipped where /usr/bin/python3 lacks h5py / numpy.
#include <gtest/gtest.h>

#include <cstdio>
#include <numeric>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/phase_transition.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"

namespace infoplane {
namespace {

using testing::run_shell;
using testing::ScratchDir;

const std::string kPythonDir = std::string(INFOPLANE_SOURCE_DIR) + "/python";

TEST(PlotPython, DocumentedH5pyExampleReadsWhatCppWrote) {
  if (!testing::python_has("h5py")) GTEST_SKIP() << "/usr/bin/python3 has no h5py";
  ScratchDir dir;
  const RunResults r = testing::make_synthetic_results();
  write_results(dir.file("run.h5"), r, false);
  std::string out;
  ASSERT_EQ(run_shell("/usr/bin/python3 " + kPythonDir + "/examples/read_results.py " +
                          dir.file("run.h5"), &out), 0) << out;
  EXPECT_NE(out.find("schema infoplane-results version 1"), std::string::npos) << out;
  EXPECT_NE(out.find("seed " + std::to_string(r.metadata.seed)), std::string::npos) << out;
  EXPECT_NE(out.find("binning i_xt shape (5, 30, 6) units bits"), std::string::npos) << out;
  EXPECT_NE(out.find("gradient SNR shape (5, 1000, 6)"), std::string::npos) << out;
  // The network-mean I(X;T) of the last layer at the last recorded epoch, computed here.
  const int nn = r.n_networks, nr = r.n_recorded(), nl = r.n_layers();
  double sum = 0;
  for (int n = 0; n < nn; ++n) sum += r.info[0].i_xt[(std::size_t(n) * nr + nr - 1) * nl + nl - 1];
  char expected[96];
  std::snprintf(expected, sizeof expected, "layer %d: I(X;T) = %.6f bits", nl, sum / nn);
  EXPECT_NE(out.find(expected), std::string::npos) << "expected '" << expected << "' in\n" << out;
}

TEST(PlotPython, FileFormatDocShowsTheExampleThatIsRun) {
  const std::string doc = testing::read_text(std::string(INFOPLANE_SOURCE_DIR) + "/docs/file-format.md");
  const std::string example = testing::read_text(kPythonDir + "/examples/read_results.py");
  const auto begin = doc.find("```python\n");
  ASSERT_NE(begin, std::string::npos) << "docs/file-format.md has no python block";
  const auto start = begin + std::string("```python\n").size();
  const auto end = doc.find("```", start);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(doc.substr(start, end - start), example)
      << "docs/file-format.md and python/examples/read_results.py differ";
}

TEST(PlotPython, HdfFileOfAnotherProgramIsRefused) {
  if (!testing::python_has("h5py")) GTEST_SKIP() << "/usr/bin/python3 has no h5py";
  ScratchDir dir;
  const std::string path = dir.file("foreign.h5");
  std::string out;
  ASSERT_EQ(run_shell("/usr/bin/python3 -c \"import h5py, numpy; f = h5py.File('" + path +
                          "', 'w'); f['data'] = numpy.arange(10.0); f.attrs['creator'] = 'x'\"",
                      &out), 0) << out;
  try {
    read_results(path);
    FAIL() << "expected infoplane::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("not an infoplane results file"), std::string::npos) << message;
  }
}

TEST(PlotPython, FigureTransitionsEqualTheRunSummarysRule) {
  // Fig. 4 marks the epochs that src/run/phase_transition.cpp reports: same rule, two codes.
  if (!testing::python_has("h5py, matplotlib")) GTEST_SKIP() << "no h5py/matplotlib";
  ScratchDir dir;
  const RunResults r = testing::make_synthetic_results();
  write_results(dir.file("run.h5"), r, false);
  const PhaseReport report = detect_phases(r, "binning");
  std::string expected;
  for (const auto& layer : report.layers) expected += std::to_string(layer.snr_crossing_epoch) + " ";
  expected += std::to_string(report.network.snr_crossing_epoch);
  std::string out;
  ASSERT_EQ(run_shell("cd " + kPythonDir + " && MPLBACKEND=Agg /usr/bin/python3 -c \"\n"
                      "from infoplane_plot.results import load\n"
                      "from infoplane_plot.gradients import transitions\n"
                      "layers, net = transitions(load('" + dir.file("run.h5") + "'))\n"
                      "print(' '.join(str(-1 if e is None else e) for e in layers + [net]))\n\"",
                      &out), 0) << out;
  EXPECT_EQ(out, expected + "\n");
  int found = 0;
  for (const auto& layer : report.layers) found += layer.snr_crossing_epoch > 0;
  EXPECT_GE(found, 3) << "the synthetic run should have transitions to compare: " << expected;
}

}  // namespace
}  // namespace infoplane
