#pragma once
// Everything one run produces, in memory: the value that the Store writes to one HDF5 file
// and that the figures read back. Arrays are flat, row-major, with their shape in the comment.
// Information is in bits; loss in nats.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infoplane {

struct RunMetadata {
  std::string program_version;
  std::string git_commit;
  std::string config_toml;  // the resolved configuration, every key explicit
  std::string host;
  std::string date_utc;     // ISO 8601
  std::uint64_t seed = 0;
};

// One estimator's information plane for the whole ensemble.
struct InfoPlaneSeries {
  std::string estimator;       // "binning", "adaptive", "kde_upper", "kde_lower", "ksg", ...
  std::vector<double> i_xt;    // shape = [n_networks, n_recorded, n_layers], bits
  std::vector<double> i_ty;    // shape = [n_networks, n_recorded, n_layers], bits
};

// Per-epoch gradient statistics (see train/observer.hpp), epochs 1..n_epochs.
struct GradientSeries {
  std::vector<double> mean_norm;    // shape = [n_networks, n_epochs, n_layers]
  std::vector<double> std_norm;     // shape = [n_networks, n_epochs, n_layers]
  std::vector<double> weight_norm;  // shape = [n_networks, n_epochs, n_layers]
};

// Loss (nats) and accuracy at the recorded epochs.
struct MetricSeries {
  std::vector<double> train_loss;      // shape = [n_networks, n_recorded]
  std::vector<double> train_accuracy;  // shape = [n_networks, n_recorded]
  std::vector<double> test_loss;       // shape = [n_networks, n_recorded]
  std::vector<double> test_accuracy;   // shape = [n_networks, n_recorded]
  // Mean |cosine| between the in-weight vectors of a layer's neurons (Section 3.5); empty in
  // files written before it was recorded, and by the PyTorch recorder.
  std::vector<double> in_weight_cosine;  // shape = [n_networks, n_recorded, n_layers]
};

// The Information Bottleneck curve of the task (bits), one point per beta.
struct IBCurveSeries {
  std::vector<double> beta;
  std::vector<double> i_xt;
  std::vector<double> i_ty;
  std::vector<int> n_clusters;  // |T| at each beta; empty in files written before it was stored
};

// Where each trained layer sits against the IB solution (paper, Eq. 12).
struct LayerBetaSeries {
  std::vector<int> epochs;         // the recorded epochs at which beta* was computed
  std::vector<double> beta_star;   // shape = [n_networks, epochs.size(), n_layers]
  std::vector<double> kl_at_beta;  // shape = [n_networks, epochs.size(), n_layers], bits
};

struct RunResults {
  RunMetadata metadata;
  int n_networks = 0;
  int n_epochs = 0;                  // training epochs run (the last is n_epochs)
  std::vector<int> layer_widths;     // widths of the layers observed, hidden then output
  std::vector<int> recorded_epochs;  // shape = [n_recorded], ascending, may start at 0
  MetricSeries metrics;
  GradientSeries gradients;
  std::vector<InfoPlaneSeries> info;
  std::optional<IBCurveSeries> ib_curve;
  // With a training sample smaller than the patterns (train_fraction < 1): the IB curve of
  // network 0's training sample, its patterns with the rule's p(y|x) (the finite-sample curve
  // of Section 3.9; docs/information-bottleneck.md).
  std::optional<IBCurveSeries> ib_sample_curve;
  std::optional<LayerBetaSeries> layer_beta;

  int n_layers() const { return static_cast<int>(layer_widths.size()); }
  int n_recorded() const { return static_cast<int>(recorded_epochs.size()); }
};

}  // namespace infoplane
