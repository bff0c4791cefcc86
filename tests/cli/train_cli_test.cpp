// `embedlab train` through the process boundary: the per-step losses it records in
// metrics.csv against the PyTorch twin (tests/fixtures/twin_losses.txt), and Ctrl-C:
// a checkpoint, a message naming the step, and --resume going on from there.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>


#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "data/token_file.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/model_dir.h"
#include "train/twin_fixture.h"
#include "util/file.h"

using namespace embedlab;
using embedlab_test::run;
using embedlab_test::TwinCase;

namespace {

using embedlab_test::cli;

std::vector<TwinCase> twin_cases(const std::string& name) {
  std::vector<TwinCase> all, some;
  Status s = embedlab_test::read_twin_cases("tests/fixtures/twin_losses.txt", &all);
  EXPECT_TRUE(s.ok()) << s.message();
  for (const TwinCase& c : all)
    if (c.name == name) some.push_back(c);
  return some;
}

// The first n lines of a file.
using embedlab_test::head_lines;

// metrics.csv's train_loss column by step (step 1 at index 0; -1 where no row).
std::vector<double> metrics_losses(const std::string& csv_path) {
  std::istringstream in(embedlab_test::read_text(csv_path));
  std::vector<double> losses;
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    long step = std::atol(line.c_str());
    if (step < 1) continue;
    if (losses.size() < size_t(step)) losses.resize(size_t(step), -1);
    losses[size_t(step) - 1] = std::atof(line.c_str() + line.find(',') + 1);
  }
  return losses;
}

// Trains each case with the command line on `corpus` and `tokenizer` (with the PyTorch
// twin's window mean, --mix window: the twin has no window table), then checks
// that the command encoded the corpus to the fixture's ids (tokens.bin) and that
// metrics.csv holds the twin's loss at every step. The validation split (the last
// 10%) changes nothing: sequential batches come from the start of the stream.
// Tolerance 1e-4 relative, as in tests/train/twin_test.cpp; metrics.csv prints six
// significant digits (5e-6 relative at most), well inside it.
void expect_cli_matches_twin(const std::vector<TwinCase>& cases, const std::string& corpus,
                             const std::string& tokenizer) {
  ASSERT_FALSE(cases.empty());
  for (const TwinCase& tc : cases) {
    const std::string dir = embedlab_test::temp_dir();
    std::ostringstream cmd;
    cmd << cli() << " train --quiet --corpus " << corpus << " --tokenizer " << tokenizer
        << " --out " << dir
        << " --mix window --init torch --order sequential --schedule constant --clip 0 --warmup 0"
        << " --steps " << tc.steps << " --batch " << tc.B << " --context " << tc.T << " --dim "
        << tc.C << " --window " << tc.window << (tc.tie ? " --tie" : "") << " --optimizer "
        << tc.optimizer << " --lr " << tc.lr << " --momentum " << tc.momentum
        << " --weight-decay " << tc.weight_decay << " --seed " << tc.seed
        << " --eval-every " << tc.steps;  // one validation and checkpoint, at the end
    std::string out;
    ASSERT_EQ(run(cmd.str(), &out), 0) << cmd.str() << "\n" << out;
    TokenFile tf;
    ASSERT_TRUE(read_token_file(path_join(dir, "tokens.bin"), &tf).ok());
    std::vector<int32_t> all_ids;
    ASSERT_TRUE(embedlab_test::read_id_file(tc.ids_file, &all_ids).ok());
    EXPECT_EQ(tf.ids, all_ids) << tc.ids_file << " is not what " << tokenizer << " gives";
    EXPECT_EQ(tf.vocab_size, tc.V);
    std::vector<double> losses = metrics_losses(path_join(dir, "metrics.csv"));
    ASSERT_EQ(losses.size(), tc.losses.size()) << tc.label();
    for (size_t i = 0; i < losses.size(); i++)
      EXPECT_NEAR(losses[i], tc.losses[i], 1e-4 * tc.losses[i]) << tc.label() << " step " << i + 1;
  }
}

}  // namespace

// --threads: a run at one count is repeatable bit for bit; at another count the sums
// are split differently, so the losses agree to rounding, not to the bit.
TEST(TrainCli, ThreadsFlagRepeatsBitForBitAndAgreesAcrossCounts) {
  const std::string dir = embedlab_test::temp_dir();
  const std::string train = cli() + " train --quiet --corpus corpus/the_quick_fox.txt "
                            "--vocab-size 300 --dim 16 --context 8 --batch 8 --steps 30 --out " + dir;
  std::string out;
  for (const char* run : {"/a --threads 1", "/b --threads 1", "/c --threads 2"})
    ASSERT_EQ(embedlab_test::run(train + run, &out), 0) << out;
  // The checkpoint also keeps the metrics, tokens/s among them: compare the tables.
  for (const char* run : {"a", "b"})
    ASSERT_EQ(embedlab_test::run(cli() + " export --format npy --model " + dir + "/" + run +
                                     " --out " + dir + "/" + run + ".npy", &out), 0) << out;
  EXPECT_TRUE(embedlab_test::read_text(dir + "/a.npy") == embedlab_test::read_text(dir + "/b.npy"));
  const std::vector<double> one = metrics_losses(dir + "/a/metrics.csv");
  const std::vector<double> two = metrics_losses(dir + "/c/metrics.csv");
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); i++) EXPECT_NEAR(one[i], two[i], 1e-4 * std::fabs(one[i]));
  EXPECT_TRUE(embedlab_test::fails_with_one_line(train + "/d --threads -1"));
}

TEST(TrainCli, MetricsLossesMatchPyTorchTwinOnTrainedTokenizer) {
  // The fixture's tokenizer, trained again: 512 tokens on all of corpus/toyworld.txt;
  // the corpus is its first 20 lines (tests/fixtures/make_twin_fixtures.py).
  const std::string dir = embedlab_test::temp_dir();
  std::string out;
  ASSERT_EQ(run(cli() + " train-tokenizer --quiet --corpus corpus/toyworld.txt --vocab-size 512 --out " +
                    dir + "/toyworld512.tok",
                &out),
            0)
      << out;
  embedlab_test::write_text(dir + "/toyworld20.txt", head_lines("corpus/toyworld.txt", 20));
  expect_cli_matches_twin(twin_cases("toyworld512"), dir + "/toyworld20.txt",
                          dir + "/toyworld512.tok");
}

TEST(TrainCli, MetricsLossesMatchPyTorchTwinOnGpt2) {
  if (embedlab_test::gpt2_dir().empty())
    GTEST_SKIP() << "GPT-2's files are not in build/gpt2 (make gpt2); "
                    "Twin.LossesMatchPyTorchOnGpt2Ids checks the same losses without them";
  // Two of the five cases (a run with V = 50257 takes about a second; all five are
  // checked through the library in tests/train/twin_test.cpp): tied SGD with momentum
  // and untied AdamW.
  std::vector<TwinCase> some;
  for (const TwinCase& c : twin_cases("gpt2"))
    if ((c.tie && c.momentum != 0) || (!c.tie && c.optimizer == "adamw")) some.push_back(c);
  ASSERT_EQ(some.size(), 2u);
  expect_cli_matches_twin(some, "corpus/the_quick_fox.txt", "gpt2");
}

namespace {

// A child process running the CLI with stdout and stderr in files.
struct Child {
  pid_t pid = -1;
  std::string out_path, err_path;
};

Child spawn_cli(const std::vector<std::string>& args, const std::string& dir) {
  Child c;
  c.out_path = dir + "/stdout.txt";
  c.err_path = dir + "/stderr.txt";
  std::vector<std::string> all = {cli()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string program = all[0];
  c.pid = fork();
  if (c.pid == 0) {  // the child: only async-signal-safe calls until exec
    int out = open(c.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  return c;
}

// Waits up to `seconds` for the child: its exit code; 1000 + the signal when a signal
// killed it (SIGINT's default action would); -1 when it was still running (then it
// is killed).
int wait_exit(pid_t pid, double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

TEST(TrainCli, CtrlCWritesACheckpointAndResumeContinuesFromIt) {
  const std::string dir = embedlab_test::temp_dir(), model = dir + "/model";
  embedlab_test::write_text(dir + "/corpus.txt", head_lines("corpus/toyworld.txt", 20));
  // A run far too long to finish, with no periodic checkpoint: checkpoint.bin can
  // only come from the interrupt. Progress goes to stderr at every validation.
  const std::vector<std::string> settings = {
      "--corpus", dir + "/corpus.txt", "--out", model, "--vocab-size", "300", "--dim", "8",
      "--context", "8", "--batch", "4", "--schedule", "constant", "--warmup", "0",
      "--log-every", "1", "--checkpoint-every", "100000000"};
  std::vector<std::string> first = {"train", "--steps", "100000000", "--eval-every", "5"};
  first.insert(first.end(), settings.begin(), settings.end());
  Child child = spawn_cli(first, dir);
  ASSERT_GT(child.pid, 0);
  // Training has started once the first validation line is on stderr.
  bool started = false;
  for (int i = 0; i < 12000 && !started; i++) {  // up to 120 s (the sanitizer build is slow)
    started = embedlab_test::read_text(child.err_path).find("step 5/") != std::string::npos;
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    int status;
    if (!started && waitpid(child.pid, &status, WNOHANG) == child.pid)
      FAIL() << "exited before training: " << embedlab_test::read_text(child.err_path);
  }
  ASSERT_TRUE(started) << "no progress after 120 s";
  ASSERT_EQ(kill(child.pid, SIGINT), 0);
  // Promptly: the loop stops at the end of its current step (well under a millisecond
  // here) and writes one small checkpoint; 10 s leaves room for a loaded machine.
  const int rc = wait_exit(child.pid, 10);
  const std::string out = embedlab_test::read_text(child.out_path);
  // 130 = 128 + SIGINT, returned by the command (not the signal's default action).
  ASSERT_EQ(rc, 130) << "(-1: still running after 10 s; 1002: killed by SIGINT)\n" << out;
  const std::string said = "interrupted at step ";
  const size_t at = out.find(said);
  ASSERT_NE(at, std::string::npos) << out;
  const long N = std::atol(out.c_str() + at + said.size());
  EXPECT_NE(out.find(said + std::to_string(N) + ": checkpoint written; continue with --resume\n"),
            std::string::npos)
      << out;
  EXPECT_GE(N, 5);
  // The checkpoint is at step N and loads as a model folder.
  Checkpoint ck;
  ASSERT_TRUE(load_checkpoint(model + "/checkpoint.bin", &ck).ok());
  EXPECT_EQ(ck.settings["step"], std::to_string(N));
  std::unique_ptr<Model> m;
  Tokenizer tok;
  TrainConfig cfg;
  Status s = load_model_dir(model, &m, &tok, &cfg);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(cfg.model.V, 300);
  const std::vector<double> before = metrics_losses(model + "/metrics.csv");
  ASSERT_EQ(before.size(), size_t(N));

  // --resume goes on from step N + 1 (its first progress line) to the new total.
  std::ostringstream resume;
  resume << cli() << " train --resume --steps " << N + 7 << " --eval-every 1";
  for (const std::string& a : settings) resume << " '" << a << "'";
  std::string resume_out, resume_err;
  ASSERT_EQ(embedlab_test::run_split(resume.str(), &resume_out, &resume_err), 0)
      << resume_out << resume_err;
  EXPECT_EQ(resume_err.rfind("step " + std::to_string(N + 1) + "/" + std::to_string(N + 7) + " ", 0), 0u)
      << resume_err;
  ASSERT_TRUE(load_checkpoint(model + "/checkpoint.bin", &ck).ok());
  EXPECT_EQ(ck.settings["step"], std::to_string(N + 7));
  const std::vector<double> after = metrics_losses(model + "/metrics.csv");
  ASSERT_EQ(after.size(), size_t(N + 7));
  for (long i = 0; i < N; i++) EXPECT_EQ(after[size_t(i)], before[size_t(i)]) << "step " << i + 1;
  for (double l : after) EXPECT_GT(l, 0);  // every step logged once
}

// After a crash: --resume removes the temporary files the dead run left, and says why
// it encodes the corpus again when tokens.bin (a cache) is damaged.
TEST(TrainCli, ResumeRemovesLeftoverTempFilesAndSaysWhyItReencodes) {
  const std::string dir = embedlab_test::temp_dir(), model = dir + "/model";
  embedlab_test::write_text(dir + "/corpus.txt", head_lines("corpus/toyworld.txt", 20));
  const std::string settings = " --corpus '" + dir + "/corpus.txt' --out '" + model +
                               "' --vocab-size 300 --dim 8 --context 8 --batch 4";
  std::string first;
  ASSERT_EQ(embedlab_test::run(cli() + " train --quiet --steps 4" + settings, &first), 0) << first;
  const int child = embedlab_test::dead_pid();
  ASSERT_GT(child, 0);
  const std::string leftover = model + "/checkpoint.bin.tmp." + std::to_string(child);
  embedlab_test::write_text(leftover, "half a checkpoint");
  std::string tokens = embedlab_test::read_text(model + "/tokens.bin");
  ASSERT_GT(tokens.size(), 40u);
  tokens[tokens.size() / 2] ^= 0x55;
  embedlab_test::write_text(model + "/tokens.bin", tokens);

  std::string out, err;
  ASSERT_EQ(embedlab_test::run_split(cli() + " train --resume --steps 6" + settings, &out, &err), 0)
      << out << err;
  EXPECT_NE(out.find(model + ": removed 1 temporary file left by an interrupted run\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(model + "/tokens.bin: "), std::string::npos) << out;
  EXPECT_NE(out.find("; encoding the corpus again\n"), std::string::npos) << out;
  EXPECT_FALSE(file_exists(leftover));
  Checkpoint ck;
  ASSERT_TRUE(load_checkpoint(model + "/checkpoint.bin", &ck).ok());
  EXPECT_EQ(ck.settings["step"], "6");
  TokenFile tf;
  EXPECT_TRUE(read_token_file(model + "/tokens.bin", &tf).ok());
}

// A model too large for the memory there is: one line naming the command, exit 1, no
// abort. The memory is capped with ulimit -v, which the sanitizer build cannot run under
// (its shadow memory alone is terabytes of address space).
TEST(TrainCli, OutOfMemoryIsOneLineNotAnAbort) {
  if (embedlab_test::sanitized())
    GTEST_SKIP() << "ulimit -v and AddressSanitizer do not mix; checked in the optimised build";
  const std::string dir = embedlab_test::temp_dir();
  std::string out, err;
  // E and W alone are 300 x 65536 floats each (79 MB), and AdamW keeps two more of each.
  const int rc = embedlab_test::run_split(
      "ulimit -v 300000; OPENBLAS_NUM_THREADS=1 " + cli() +
          " train --quiet --corpus corpus/the_quick_fox.txt --out '" + dir +
          "/m' --vocab-size 300 --dim 65536 --context 64 --steps 2",
      &out, &err);
  EXPECT_EQ(rc, 1) << out << err;
  EXPECT_EQ(err,
            "embedlab train: out of memory: the input or the sizes asked for are too large for "
            "this machine\n");
}

// Sizes too large for an int are refused by name (they used to wrap: 2^32 + 8 became 8),
// before any tokenizer is trained; so are negative counts for sample.
TEST(TrainCli, OutOfRangeSizesAreNamed) {
  const std::string dir = embedlab_test::temp_dir();
  const std::string train = cli() + " train --corpus corpus/the_quick_fox.txt --out " + dir + "/m";
  for (const char* flag : {"--dim 4294967304", "--context 0", "--window -1", "--batch 2147483648",
                           "--vocab-size 0"}) {
    std::string out, err;
    EXPECT_EQ(embedlab_test::run_split(train + " " + flag, &out, &err), 1) << flag;
    const std::string name = std::string(flag).substr(0, std::string(flag).find(' '));
    EXPECT_EQ(err.rfind("embedlab train: " + std::string(flag) + ": expected a whole number from ", 0), 0u)
        << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  EXPECT_TRUE(embedlab_test::fails_with_one_line(cli() + " sample --model " + dir + "/m --tokens -3"));
  EXPECT_TRUE(embedlab_test::fails_with_one_line(cli() + " sample --model " + dir + "/m --top-k 4294967296"));
}

// Not a terminal: one plain progress line per validation on stderr (step, tokens/s,
// train and validation loss, the bigram baseline, time left); --quiet: none. The mix is
// named, and an unknown one is a one-line error.
TEST(TrainCli, ProgressLinesWhenNotATerminalAndQuietSilencesThem) {
  const std::string dir = embedlab_test::temp_dir();
  const std::string train = cli() + " train --corpus corpus/the_quick_fox.txt --vocab-size 300 "
                            "--dim 8 --context 8 --batch 4 --steps 20 --eval-every 5 --out " + dir;
  std::string out, err;
  ASSERT_EQ(embedlab_test::run_split(train + "/a", &out, &err), 0) << out << err;
  const auto steps = embedlab_test::regex_all(
      err, R"(step (\d+)/20  \d+ tok/s  train [0-9.]+  val [0-9.]+  \(bigram [0-9.]+\)  \d+ s left)", 1);
  EXPECT_EQ(steps, (std::vector<std::string>{"5", "10", "15", "20"})) << err;
  EXPECT_NE(out.find("window 4 (last+window)"), std::string::npos) << out;
  ASSERT_EQ(embedlab_test::run_split(train + "/b --quiet", &out, &err), 0) << out << err;
  EXPECT_EQ(err, "");
  EXPECT_TRUE(embedlab_test::fails_with_one_line(train + "/c --mix sum"));
  // The old name of a mix still trains, with a one-line warning naming the new one.
  ASSERT_EQ(embedlab_test::run_split(train + "/d --quiet --mix context", &out, &err), 0) << err;
  EXPECT_EQ(err, "embedlab train: warning: --mix context is now called --mix last+window (the "
                 "old name is read until the next release)\n");
}

// A corpus that is mostly not text (here 20 KB of bytes 0..255 in turn) trains, with a
// one-line note that says so.
TEST(TrainCli, ACorpusThatIsMostlyNotTextGetsANote) {
  const std::string dir = embedlab_test::temp_dir();
  std::string bytes;
  for (int i = 0; i < 20000; i++) bytes += char(i % 256);
  embedlab_test::write_text(dir + "/bin.dat", bytes);
  std::string out;
  ASSERT_EQ(embedlab_test::run(cli() + " train --corpus " + dir + "/bin.dat --vocab-size 300 "
                               "--dim 8 --context 8 --batch 4 --steps 3 --quiet --out " + dir + "/m",
                               &out),
            0)
      << out;
  // 0x00-0x1f but 4, 0x7f and 0x80-0xff are not text: 28 + 1 + 128 of 256 = 61%.
  EXPECT_NE(out.find("note: " + dir + "/bin.dat: 61% of its bytes are not text"), std::string::npos)
      << out;
}
