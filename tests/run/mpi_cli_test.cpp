// `mpirun -n K infoplane run`: the files of K = 1, 2 and 3 ranks (oversubscribed on this
// machine) equal a single process's; a rank killed outright fails the job, naming it, and the
// checkpoint parts let --resume on another rank count finish to the same results. Skipped when
// the build has no MPI (CMake did not find OpenMPI).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "infoplane/run/checkpoint_parts.hpp"
#include "support/cli.hpp"
#include "support/scratch_dir.hpp"
#include "support/two_settings.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;

#define SKIP_WITHOUT_MPI()                                                     \
  do {                                                                         \
    if (!kHaveMpi) GTEST_SKIP() << "built without MPI (libopenmpi-dev not found)"; \
  } while (0)

#ifdef INFOPLANE_MPIEXEC
constexpr bool kHaveMpi = true;
// The launcher, oversubscribing this machine's 2 cores; root (CI) needs OpenMPI's consent.
std::string mpirun(int ranks) {
  return std::string(INFOPLANE_MPIEXEC) + " --oversubscribe " +
         (::geteuid() == 0 ? "--allow-run-as-root " : "") + "-n " + std::to_string(ranks);
}
#else
constexpr bool kHaveMpi = false;
std::string mpirun(int) { return ""; }
#endif

// One process on 2 threads: the files every rank count must reproduce. Returns the
// experiment file.
std::string run_single_process(const testing::ScratchDir& dir, int epochs) {
  const std::string toml = dir.write("mpi.toml", testing::two_settings_experiment("mpi", epochs));
  const auto single = testing::run_cli("run " + toml + " --out " + dir.file("one") + " --threads 2 --quiet");
  EXPECT_EQ(single.exit_code, 0) << single.output;
  return toml;
}

TEST(MpiRun, OneTwoAndThreeRanksWriteTheSingleProcessFiles) {
  SKIP_WITHOUT_MPI();
  const testing::ScratchDir dir;
  const std::string toml = run_single_process(dir, 200);
  for (int k : {1, 2, 3}) {
    SCOPED_TRACE("ranks = " + std::to_string(k));
    const std::string out = dir.file("ranks" + std::to_string(k));
    const auto r = testing::run_cli_prefixed(mpirun(k), "run " + toml + " --out " + out + " --threads 1 --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    testing::expect_same_experiment_files(dir.path() / "one", out, "mpi");
    EXPECT_EQ(fs::exists(fs::path(out) / "mpi" / "ranks.json"), k > 1);
  }
}

TEST(MpiRun, AKilledRankFailsTheJobAndTheRunResumesOnAnotherRankCount) {
  SKIP_WITHOUT_MPI();
  const testing::ScratchDir dir;
  const std::string toml = run_single_process(dir, 30000);

  // Rank 1 of 2 is killed (SIGKILL) once it has saved its first periodic checkpoint part
  // (every second), long before the end. The ranks of this job are told apart from other
  // jobs' by a marker in their environment.
  const std::string out = dir.file("killed");
  const std::string marker = "INFOPLANE_MPI_TEST_JOB=" + std::to_string(::getpid());
  const std::string script = dir.write("kill-rank-1.sh",
      "export " + marker + "\n" +
      mpirun(2) + " " + INFOPLANE_CLI_PATH + " run " + toml + " --out " + out +
      " --threads 1 --checkpoint-every 1 --quiet &\n"
      "job=$!\n"
      "for i in $(seq 600); do\n"
      "  [ -e " + out + "/mpi/wide/checkpoint.rank1-of-2.bin ] && break; sleep 0.1\n"
      "done\n"
      "for e in /proc/[0-9]*/environ; do\n"
      "  if tr '\\0' '\\n' 2>/dev/null < $e | grep -qx " + marker + " &&\n"
      "     tr '\\0' '\\n' 2>/dev/null < $e | grep -qx OMPI_COMM_WORLD_RANK=1; then\n"
      "    p=${e#/proc/}; kill -9 ${p%/environ}\n"
      "  fi\n"
      "done\n"
      "wait $job\n");
  const auto killed = testing::run_shell("sh " + script);
  EXPECT_NE(killed.exit_code, 0) << killed.output;
  EXPECT_NE(killed.output.find("rank 1 of 2, training setting 'wide' networks"), std::string::npos)
      << killed.output;
  EXPECT_NE(killed.output.find("process rank 1"), std::string::npos) << killed.output;  // mpirun's
  const auto parts = find_checkpoint_parts((fs::path(out) / "mpi" / "wide").string());
  ASSERT_FALSE(parts.empty()) << killed.output;
  for (const auto& part : parts) EXPECT_NE(part.states.find("-of-2.bin"), std::string::npos);
  EXPECT_FALSE(fs::exists(fs::path(out) / "mpi" / "wide" / "results.h5"));

  const auto resumed = testing::run_cli_prefixed(mpirun(3), "run " + toml + " --out " + out + " --threads 1 --resume --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  testing::expect_same_experiment_files(dir.path() / "one", out, "mpi");
}

}  // namespace
}  // namespace infoplane
