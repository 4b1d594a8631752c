// The driver of bench/ab/ab.sh: alternates 200-epoch runs of side A and side B and prints the
// spread of each and the median of the per-pair ratios B/A, then whether both sides, having
// trained the same epochs from the same start, hold the same parameters bit for bit.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

double run_a(int epochs, std::vector<float>* params = nullptr);
double run_b(int epochs, std::vector<float>* params = nullptr);

int main(int argc, char** argv) {
  const int pairs = argc > 1 ? std::max(4, std::atoi(argv[1])) : 40;
  constexpr int kEpochs = 200;
  std::vector<double> a, b, ratio;
  run_a(5);  // warm-up: first-call setup of both sides
  run_b(5);
  for (int i = 0; i < pairs; ++i) {
    const double ta = run_a(kEpochs), tb = run_b(kEpochs);
    a.push_back(ta);
    b.push_back(tb);
    ratio.push_back(tb / ta);
  }
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::sort(ratio.begin(), ratio.end());
  const int m = pairs / 2;
  std::printf("A min %.1f median %.1f | B min %.1f median %.1f us/epoch | B/A median %.3f (quartiles %.3f, %.3f)\n",
              a[0], a[m], b[0], b[m], ratio[m], ratio[pairs / 4], ratio[3 * pairs / 4]);
  std::vector<float> pa, pb;
  run_a(0, &pa);
  run_b(0, &pb);
  double max_diff = 0.0;
  std::size_t differing = 0;
  for (std::size_t k = 0; k < pa.size() && k < pb.size(); ++k) {
    differing += pa[k] != pb[k];
    max_diff = std::max(max_diff, std::fabs(static_cast<double>(pa[k]) - pb[k]));
  }
  std::printf("parameters after %d epochs: %s (%zu of %zu differ, max |A - B| %.3g)\n",
              5 + pairs * kEpochs, differing == 0 && pa.size() == pb.size() ? "bit-identical" : "differ",
              differing, pa.size(), max_diff);
}
