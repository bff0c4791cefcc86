// No data lost: a real `embedlab train` process killed with SIGKILL at random times
// (seeded), many times over, then resumed to the end, ends with exactly the weights,
// optimizer state and losses of a run that was never interrupted.
// After each kill, whatever the folder holds must be whole: every file embedlab
// writes goes through write_file_atomic (temp file, fsync, rename), so each is the
// old version or the new one, never half of one: the checkpoint decodes (and loads as
// a model), the tokenizer and token file load, metrics.csv and summary.json end in a
// newline. The checkpoint's step never goes back.
// Kills land anywhere: before the tokenizer is written, between checkpoints, in the
// middle of writing one. A run killed before its first checkpoint starts again from
// scratch; later ones continue with --resume.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "data/token_file.h"
#include "test_util.h"
#include "tokenizer/tokenizer.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;
using embedlab_test::metrics_losses;

namespace {

// 20 kills over a run of 600 steps with a checkpoint every 3 (a ~3 s run, mostly the
// fsync of each checkpoint): the test takes 6-9 s in make test. Under make asan, where
// it took 8-14 s, 10 kills (each phase of the run is still hit several times).
constexpr int kKills = embedlab_test::sanitized() ? 10 : 20;
constexpr int kSteps = 600;

using embedlab_test::cli;

std::vector<std::string> train_args(const std::string& corpus, const std::string& dir, bool resume) {
  std::vector<std::string> a = {cli(), "train", "--quiet", "--corpus", corpus, "--out", dir,
                                "--vocab-size", "300", "--dim", "16", "--context", "16",
                                "--batch", "16", "--steps", std::to_string(kSteps),
                                "--eval-every", "100", "--checkpoint-every", "3", "--seed", "7"};
  if (resume) a.push_back("--resume");
  return a;
}

// Starts `args` with stdout and stderr into `log`; returns the child's pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Runs `args` to the end; returns its exit code.
int run_to_end(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = spawn(args, log);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}


// Checks that every file in `dir` is whole; returns the checkpoint's step (-1: none yet).
int64_t check_folder(const std::string& dir, const std::string& when) {
  const std::string ckpt = path_join(dir, "checkpoint.bin");
  int64_t step = -1;
  if (file_exists(ckpt)) {
    Checkpoint ck;
    Status s = load_checkpoint(ckpt, &ck);
    EXPECT_TRUE(s.ok()) << when << ": " << s.message();
    std::unique_ptr<Model> m;
    TrainConfig cfg;
    if (s.ok()) s = model_from_checkpoint(ck, ckpt, &m, &cfg);
    EXPECT_TRUE(s.ok()) << when << ": " << s.message();
    if (s.ok()) s = setting_int(ck, ckpt, "step", &step);
    EXPECT_TRUE(s.ok()) << when << ": " << s.message();
  }
  if (file_exists(path_join(dir, "tokenizer.tok"))) {
    Tokenizer t;
    Status s = Tokenizer::load(path_join(dir, "tokenizer.tok"), &t);
    EXPECT_TRUE(s.ok()) << when << ": " << s.message();
  }
  if (file_exists(path_join(dir, "tokens.bin"))) {
    TokenFile f;
    Status s = read_token_file(path_join(dir, "tokens.bin"), &f);
    EXPECT_TRUE(s.ok()) << when << ": " << s.message();
  }
  for (const char* name : {"metrics.csv", "summary.json"}) {
    const std::string path = path_join(dir, name);
    if (!file_exists(path)) continue;
    const std::string text = embedlab_test::read_text(path);
    EXPECT_TRUE(!text.empty() && text.back() == '\n') << when << ": " << name << " is cut short";
  }
  return step;
}

}  // namespace

TEST(KillResume, SigkillAtRandomTimesLosesNoDataAndEndsBitIdentical) {
  const std::string tmp = embedlab_test::temp_dir();
  const std::string corpus = path_join(tmp, "corpus.txt");
  const std::string log = path_join(tmp, "log.txt");
  embedlab_test::write_toyworld_prefix(corpus, 200000);
  const std::string whole = path_join(tmp, "whole"), killed = path_join(tmp, "killed");

  // 1. The run that is never interrupted, timed.
  const double t0 = now_seconds();
  ASSERT_EQ(run_to_end(train_args(corpus, whole, false), log), 0) << embedlab_test::read_text(log);
  const double seconds = now_seconds() - t0;

  // 2. Kills after seeded delays of 0 to 1.5x the whole run's time / kKills, so that on
  //    average 3/4 of the run is done by kills and every phase of it is hit.
  Rng rng(2024);
  int landed = 0, before_first_checkpoint = 0;
  int64_t last_step = -1;
  bool finished = false;
  for (int k = 0; k < kKills && !finished; k++) {
    const bool resume = file_exists(path_join(killed, "checkpoint.bin"));
    const pid_t pid = spawn(train_args(corpus, killed, resume), log);
    const double delay = rng.uniform_double() * 1.5 * seconds / kKills;
    std::this_thread::sleep_for(std::chrono::microseconds(int64_t(delay * 1e6)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0) << embedlab_test::read_text(log);
      finished = true;  // it ended before the kill: nothing left to interrupt
    } else {
      landed++;
    }
    const std::string when = "after kill " + std::to_string(k + 1) + " (" +
                             std::to_string(int(delay * 1000)) + " ms)";
    const int64_t step = check_folder(killed, when);
    if (step < 0) before_first_checkpoint++;
    EXPECT_GE(step, last_step) << when << ": the checkpoint went back";
    last_step = step;
  }
  EXPECT_GE(landed, kKills / 2) << "most kills should land while the run is going";
  testing::Test::RecordProperty("kills", landed);
  testing::Test::RecordProperty("before_first_checkpoint", before_first_checkpoint);
  testing::Test::RecordProperty("whole_run_ms", int(seconds * 1000));

  // 3. Resume to the end, then compare with the whole run bit for bit.
  const bool resume = file_exists(path_join(killed, "checkpoint.bin"));
  ASSERT_EQ(run_to_end(train_args(corpus, killed, resume), log), 0) << embedlab_test::read_text(log);
  Checkpoint a, b;
  ASSERT_TRUE(load_checkpoint(path_join(whole, "checkpoint.bin"), &a).ok());
  ASSERT_TRUE(load_checkpoint(path_join(killed, "checkpoint.bin"), &b).ok());
  EXPECT_EQ(a.settings, b.settings);
  ASSERT_FALSE(a.sections["token_embedding"].empty());
  ASSERT_FALSE(a.sections["optimizer"].empty());
  for (const auto& [s, bytes] : a.sections) {  // every parameter, and the optimizer's state
    if (s == "metrics") continue;
    EXPECT_TRUE(bytes == b.sections[s]) << s << " differs from the uninterrupted run's";
  }
  EXPECT_EQ(metrics_losses(a.sections["metrics"]), metrics_losses(b.sections["metrics"]));
  EXPECT_EQ(metrics_losses(embedlab_test::read_text(path_join(whole, "metrics.csv"))),
            metrics_losses(embedlab_test::read_text(path_join(killed, "metrics.csv"))));
  EXPECT_EQ(embedlab_test::read_text(path_join(whole, "tokenizer.tok")),
            embedlab_test::read_text(path_join(killed, "tokenizer.tok")));
  // The resumes removed what kills in mid-write left behind.
  std::string listing;
  embedlab_test::run("ls -a '" + killed + "'", &listing);
  EXPECT_EQ(listing.find(".tmp."), std::string::npos) << listing;
}
