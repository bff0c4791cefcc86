// The test runner: GoogleTest, then one plain summary line for CI:
// "N passed, N failed" (", N skipped" when some were skipped).
//
// With EMBEDLAB_TEST_JOBS=N (make test and make asan set it to the number of cores) the
// runner starts itself N times, each run taking every N-th test (GoogleTest's sharding:
// GTEST_TOTAL_SHARDS, GTEST_SHARD_INDEX), and adds their counts into the one summary
// line. The first run prints as it goes; the others' output follows when they end. Each
// test makes its own temporary folders, so runs side by side do not meet.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

void print_summary(const Counts& c) {
  if (c.skipped > 0) std::printf("%d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped);
  else std::printf("%d passed, %d failed\n", c.passed, c.failed);
  std::fflush(stdout);
}

// One run's counts: printed as the summary line, or, in a run started by the runner,
// written to the file EMBEDLAB_TEST_COUNTS names for the runner to add up.
class SummaryLine : public testing::EmptyTestEventListener {
  void OnTestProgramEnd(const testing::UnitTest& u) override {
    Counts c;
    c.passed = u.successful_test_count();
    c.failed = u.failed_test_count();
    c.skipped = u.skipped_test_count();
    if (const char* path = std::getenv("EMBEDLAB_TEST_COUNTS")) {
      std::ofstream(path) << c.passed << " " << c.failed << " " << c.skipped << "\n";
      return;
    }
    print_summary(c);
  }
};

// Whether the arguments ask for something other than a run (a list, the help).
bool only_lists(int argc, char** argv) {
  for (int i = 1; i < argc; i++)
    if (std::strncmp(argv[i], "--gtest_list_tests", 18) == 0 || std::strcmp(argv[i], "--help") == 0 ||
        std::strcmp(argv[i], "-h") == 0)
      return true;
  return false;
}

// Runs the tests in `jobs` copies of this program and returns the exit code.
int run_sharded(int jobs, char** argv) {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/embedlab_test_jobs_XXXXXX";
  std::vector<char> dir(tmpl.begin(), tmpl.end());
  dir.push_back('\0');
  if (!mkdtemp(dir.data())) {
    std::perror(("embedlab_tests: " + tmpl).c_str());
    return 2;
  }
  const std::string base = dir.data();
  std::vector<pid_t> pids;
  for (int j = 0; j < jobs; j++) {
    const std::string counts = base + "/counts." + std::to_string(j);
    const std::string log = base + "/log." + std::to_string(j);
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("embedlab_tests: fork");
      return 2;
    }
    if (pid == 0) {
      setenv("GTEST_TOTAL_SHARDS", std::to_string(jobs).c_str(), 1);
      setenv("GTEST_SHARD_INDEX", std::to_string(j).c_str(), 1);
      setenv("EMBEDLAB_TEST_COUNTS", counts.c_str(), 1);
      unsetenv("EMBEDLAB_TEST_JOBS");
      if (j > 0 && (!std::freopen(log.c_str(), "w", stdout) || dup2(fileno(stdout), 2) < 0))
        _exit(2);
      execv("/proc/self/exe", argv);
      _exit(127);
    }
    pids.push_back(pid);
  }
  Counts total;
  int rc = 0;
  for (int j = 0; j < jobs; j++) {
    int status = 0;
    waitpid(pids[size_t(j)], &status, 0);
    if (j > 0) {
      std::ifstream log(base + "/log." + std::to_string(j));
      std::stringstream text;
      text << log.rdbuf();
      std::fputs(text.str().c_str(), stdout);
    }
    Counts c;
    std::ifstream counts(base + "/counts." + std::to_string(j));
    if (!(counts >> c.passed >> c.failed >> c.skipped)) {
      std::printf("embedlab_tests: test run %d of %d ended without its counts (exit status %d)\n",
                  j + 1, jobs, status);
      c.failed++;
    }
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
    std::remove((base + "/counts." + std::to_string(j)).c_str());
    std::remove((base + "/log." + std::to_string(j)).c_str());
  }
  rmdir(base.c_str());
  print_summary(total);
  return total.failed > 0 ? 1 : rc;
}

}  // namespace

int main(int argc, char** argv) {
  const char* jobs_env = std::getenv("EMBEDLAB_TEST_JOBS");
  const int jobs = jobs_env ? std::atoi(jobs_env) : 1;
  if (jobs > 1 && !std::getenv("GTEST_TOTAL_SHARDS") && !only_lists(argc, argv))
    return run_sharded(jobs, argv);
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new SummaryLine);
  return RUN_ALL_TESTS();
}
