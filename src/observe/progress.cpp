#include "infoplane/observe/progress.hpp"

#include <algorithm>
#include <string>

namespace infoplane {

ProgressReporter::ProgressReporter(std::FILE* out, bool as_bar, long long total_network_epochs,
                                   double interval_s)
    : out_(out),
      as_bar_(as_bar),
      total_(std::max(1LL, total_network_epochs)),
      interval_s_(interval_s),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void ProgressReporter::on_gradient_stats(int, int, const std::vector<LayerGradientStats>&) {
  const long long done = done_.fetch_add(1) + 1;
  if (done % 64 != 0) return;  // look at the clock only now and then
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_print_).count() < interval_s_) return;
  last_print_ = now;
  print(done, false);
}

void ProgressReporter::finish() {
  std::lock_guard lock(mutex_);
  print(done_.load(), true);
}

namespace {
std::string format_seconds(double s) {
  char buf[32];
  const long long t = static_cast<long long>(s + 0.5);
  if (t >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", t / 3600, (t / 60) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", t / 60, t % 60);
  }
  return buf;
}
}  // namespace

void ProgressReporter::print(long long done, bool final) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  if (as_bar_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r[%s] %5.1f%%  %.0f network-epochs/s  %s %s%s", bar.c_str(), 100.0 * frac, rate,
                 final ? "elapsed" : "ETA", format_seconds(final ? elapsed : eta).c_str(), final ? "\n" : "   ");
  } else {
    std::fprintf(out_, "progress: %lld/%lld network-epochs (%.1f%%), %.0f/s, %s %s\n", done, total_,
                 100.0 * frac, rate, final ? "elapsed" : "ETA", format_seconds(final ? elapsed : eta).c_str());
  }
  std::fflush(out_);
}

}  // namespace infoplane
