#pragma once
// The fast float32 path of one network: forward and backward on mini-batches and the forward
// of all task patterns, with AVX2/FMA kernels over feature-major activations
// (shape = [width, chunk]: one neuron's values for 8 samples fill one register).
//
// A batch is processed in chunks of chunk() samples: up to 512 (the reference batch, one chunk
// per batch) while a chunk's activations and deltas take at most ~256 KB (half of this
// machine's L2), fewer for deep networks (64 at least). Measured on the headline network: 512-sample
// chunks 9% faster per epoch than 64-sample ones that fit L1, since every layer kernel has a fixed
// cost per call. Weight gradients accumulate across chunks in per-lane vector accumulators and
// are summed lane by lane once per batch, in a fixed order (deterministic; the chunk size does
// not change any sum).
//
// Wide layers (more than 12 units in or out, e.g. 784 -> 1024) take another path: OpenBLAS's GEMM
// on the compact parameters (src/nn/detail/wide_layers.hpp), their gradients summed straight
// into the output vector, and one chunk of up to kMaxChunk samples whatever the input width
// (a GEMM blocks for the caches itself, and a wider chunk is a larger, faster product). Their
// activations live in the same act_ buffers, so what follows a layer applies to both paths.
// A network of tiny layers only (the paper's) runs exactly the kernels it ran before.
// A FastNetwork is a workspace: one per thread/network, allocated once; batch_gradient and
// forward_all allocate nothing of their own after construction (a wide layer's OpenBLAS product
// packs into the library's own buffers, allocated on its first calls and reused).
// Parameters live outside (NetworkSpec layout).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/nn/hidden_perturbation.hpp"
#include "infoplane/nn/network_spec.hpp"

namespace infoplane {

// 32-byte aligned float storage (AVX2 loads/stores).
class AlignedFloats {
 public:
  AlignedFloats() = default;
  explicit AlignedFloats(std::size_t n);
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(float* p) const;
  };
  std::unique_ptr<float[], Free> data_;
  std::size_t size_ = 0;
};

// A task's inputs laid out for the kernels, built once and shared read-only by all networks:
// row-major with each pattern padded to n_inputs_padded (a multiple of 8) floats, plus one
// all-zero pattern at index n_patterns for padding samples, so that 8 patterns' inputs load as
// 8 x 8 blocks and transpose to feature-major in registers.
//
// Binary tasks (every input 0 or 1, at most 32 inputs, e.g. the 12-bit task) also keep each
// pattern as one 32-bit code (bit i = input i): 16 KB for 4096 patterns stay in L1, where the
// float rows (256 KB) do not, and 8 codes expand to feature-major registers with a mask per
// input, without a transpose.
struct FeatureMajorInputs {
  explicit FeatureMajorInputs(const Matrix<float>& inputs);  // inputs: [n_patterns, n_inputs]
  int n_inputs = 0;
  int n_inputs_padded = 0;
  int n_patterns = 0;
  AlignedFloats rows;                     // shape = [n_patterns + 1, n_inputs_padded]
  std::vector<std::uint32_t> bit_codes;   // shape = [n_patterns + 1] (last: 0); empty unless binary
};

class FastNetwork {
 public:
  static constexpr int kMinChunk = 64, kMaxChunk = 512;  // samples; multiples of 8
  // Floats per neuron row of the chunk buffers, whatever the chunk: a compile-time row stride
  // lets the kernels address rows with immediate offsets (a runtime stride cost 5% per epoch).
  static constexpr int kStride = kMaxChunk;

  FastNetwork(const NetworkSpec& spec, const FeatureMajorInputs& inputs);

  const NetworkSpec& spec() const { return spec_; }
  int chunk() const { return chunk_; }  // samples per chunk, a multiple of 8

  // grad = d(mean cross-entropy over the batch)/d(params), nats per unit parameter; same
  // layout as params (n_params floats). rows index the task patterns, labels in [0, n_labels).
  void batch_gradient(const float* params, std::span<const int> rows,
                      std::span<const int> labels, float* grad);

  // Forward pass of every task pattern. layers[l] gets shape = [n_patterns, widths[l + 1]]:
  // hidden activations, then the output probabilities (softmax over the output units, or the
  // sigmoid p(y = 1)); logits gets the output pre-activations, shape = [n_patterns, n_outputs].
  // The matrices are resized on first use only.
  void forward_all(const float* params, std::vector<Matrix<float>>& layers, Matrix<float>& logits);

  // From now on, perturb every hidden layer after its activation in batch_gradient and
  // forward_all (noise, quantization; nn/hidden_perturbation.hpp). Not called: no perturbation
  // and no cost. The noise draws of the next calls are chosen by perturbation()->set_key.
  void set_perturbation(const HiddenPerturbationSettings& settings);
  HiddenPerturbation* perturbation() { return perturbation_.get(); }

 private:
  void load_chunk(const int* rows, const int* labels, int count, float inv_batch);
  void gather_inputs(const int* rows, int first_row, int count);
  void gather_bit_inputs(const int* rows, int first_row, int count);
  void broadcast_params(const float* params);
  void forward_chunk(int cols);
  void backward_chunk(int cols);

  NetworkSpec spec_;
  const FeatureMajorInputs* inputs_;
  int chunk_ = kMinChunk;
  std::size_t n_params_ = 0;
  std::vector<std::size_t> weight_offset_, bias_offset_;  // spec_'s offsets, cached
  std::vector<char> wide_;            // wide_[l]: weight layer l takes the GEMM path
  bool any_wide_ = false;
  bool sample_major_input_ = false;   // act_[0] holds pattern rows (a wide first layer), not feature-major
  // Tiny layers' parameters packed in order into the 8-lane buffers (params8_, grad_acc_):
  // lane_weight_offset_[l], lane_bias_offset_[l] in parameters (x 8 floats); equal to spec_'s
  // offsets when no layer is wide. n_lane_params_: their count.
  std::vector<std::size_t> lane_weight_offset_, lane_bias_offset_;
  std::size_t n_lane_params_ = 0;
  std::vector<float> lane_sums_;      // shape = [n_lane_params_]; only when some layer is wide
  const float* params_ = nullptr;     // the compact parameters of the current pass (wide layers)
  float* grad_ = nullptr;             // the output gradient of the current batch (wide layers)
  std::vector<AlignedFloats> act_;    // act_[l]: shape = [widths[l], kStride] (act_[0]: n_inputs_padded rows, or [kStride, n_inputs_padded] when sample-major); act_[L] = probabilities
  AlignedFloats logits_;              // shape = [n_outputs, kStride]
  std::vector<AlignedFloats> delta_;  // delta_[l]: dL/dz of layer l (l >= 1), [widths[l], kStride]
  std::vector<std::uint32_t> chunk_codes_;  // shape = [kStride]: the chunk's pattern codes (binary inputs)
  AlignedFloats label_;               // shape = [kStride]; the label as a float, -1 for padding
  AlignedFloats scale_;               // shape = [kStride]; 1/batch for real samples, 0 for padding
  AlignedFloats grad_acc_;            // shape = [n_lane_params_, 8]: per-lane gradient sums
  AlignedFloats params8_;             // shape = [n_lane_params_, 8]: each parameter in 8 lanes
  std::unique_ptr<HiddenPerturbation> perturbation_;  // null: none
  // The chunk being computed, for the perturbation: the sample index of column 0 (position in
  // the batch, or pattern), the real samples, and whether the backward pass follows.
  std::uint64_t chunk_first_ = 0;
  int chunk_real_ = 0;
  bool chunk_backward_ = false;
};

}  // namespace infoplane
