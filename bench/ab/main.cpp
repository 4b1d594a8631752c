// The driver of bench/ab/ab.sh: alternates 200-epoch runs of side A and side B and prints the
// spread of each and the median of the per-pair ratios B/A.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

double run_a(int epochs);
double run_b(int epochs);

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
}
