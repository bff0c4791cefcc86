// The command line on damaged files: the files of a real model folder (written by
// `embedlab train`), damaged as the corruption sweep damages them (a sample of its
// truncations and bit flips), then read by the commands that read them. A damaged
// tokenizer or checkpoint must end the command with exit code 1 and one line on
// stderr, "embedlab <cmd>: <file>: <what>" (fails_with_one_line); a damaged questions
// file (no checksum) may also load, but never ends another way.
// Each attempt is a process, so each file gets a sample of kAttempts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harden/corruption_sweep.h"
#include "test_util.h"
#include "util/file.h"

using embedlab_test::build_dir;
using embedlab_test::Corruption;
using embedlab_test::fails_with_one_line;
using embedlab_test::read_text;
using embedlab_test::write_text;

namespace {

constexpr size_t kAttempts = 30;  // per file: about 1 s in make test, 2.5 s under make asan

using embedlab_test::cli;

// A model folder trained on the first 30 KB of the toy world (300 tokens, C 8, T 8),
// made once for all the tests here.
const std::string& model_dir() {
  static std::string dir;
  if (dir.empty()) {
    dir = embedlab_test::temp_dir();
    const std::string corpus = embedlab::path_join(dir, "corpus.txt");
    embedlab_test::write_toyworld_prefix(corpus, 30000);
    std::string out;
    const int rc = embedlab_test::run(cli() + " train --quiet --corpus " + corpus + " --out " +
                                          dir + "/model --vocab-size 300 --dim 8 --context 8" +
                                          " --batch 4 --steps 20",
                                      &out);
    EXPECT_EQ(rc, 0) << out;
    dir += "/model";
  }
  return dir;
}

// kAttempts damaged copies of `valid`, spread evenly over the sweep's list (every
// truncation below 4 KB, 500 sampled beyond, 1,000 random flips of 1 to 3 bits).
std::vector<Corruption> sample(const std::string& valid, uint64_t seed) {
  embedlab_test::SweepOptions o;
  o.seed = seed;
  std::vector<Corruption> all;
  embedlab_test::for_each_corruption(valid, o, [&](const Corruption& c) { all.push_back(c); });
  std::vector<Corruption> picked;
  for (size_t i = 0; i < kAttempts; i++) picked.push_back(all[i * all.size() / kAttempts]);
  return picked;
}

// A copy of the model folder with `file` replaced by `bytes`.
std::string damaged_copy(const std::string& file, const std::string& bytes) {
  const std::string copy = embedlab_test::temp_dir();
  for (const char* name : {"checkpoint.bin", "tokenizer.tok", "tokens.bin", "metrics.csv"})
    write_text(embedlab::path_join(copy, name), read_text(embedlab::path_join(model_dir(), name)));
  write_text(embedlab::path_join(copy, file), bytes);
  return copy;
}

}  // namespace

TEST(CliSweep, DamagedTokenizerFileExitsOneWithOneLine) {
  const std::string valid = read_text(embedlab::path_join(model_dir(), "tokenizer.tok"));
  ASSERT_GT(valid.size(), 100u);
  const std::string text = embedlab::path_join(embedlab_test::temp_dir(), "text.txt");
  write_text(text, "the king walks to the market\n");
  for (const Corruption& c : sample(valid, 21)) {
    const std::string dir = damaged_copy("tokenizer.tok", c.bytes);
    const std::string tok = embedlab::path_join(dir, "tokenizer.tok");
    EXPECT_TRUE(fails_with_one_line(cli() + " encode --tokenizer " + tok + " " + text)) << c.what;
    EXPECT_TRUE(fails_with_one_line(cli() + " sample --model " + dir)) << c.what;
  }
}

TEST(CliSweep, DamagedCheckpointExitsOneWithOneLine) {
  const std::string valid = read_text(embedlab::path_join(model_dir(), "checkpoint.bin"));
  ASSERT_GT(valid.size(), 1000u);
  const std::string corpus = embedlab::path_join(model_dir(), "../corpus.txt");
  for (const Corruption& c : sample(valid, 22)) {
    const std::string dir = damaged_copy("checkpoint.bin", c.bytes);
    EXPECT_TRUE(fails_with_one_line(cli() + " sample --model " + dir)) << c.what;
    EXPECT_TRUE(fails_with_one_line(cli() + " train --quiet --resume --corpus " + corpus +
                                    " --out " + dir + " --vocab-size 300 --dim 8 --context 8" +
                                    " --batch 4 --steps 40"))
        << c.what;
  }
}

TEST(CliSweep, DamagedQuestionsFileExitsZeroOrOneWithOneLine) {
  const std::string valid = read_text("corpus/toyworld-analogies.txt");
  const std::string questions = embedlab::path_join(embedlab_test::temp_dir(), "q.txt");
  int failed = 0;
  for (const Corruption& c : sample(valid, 23)) {
    write_text(questions, c.bytes);
    std::string out, err;
    const int rc = embedlab_test::run_split(
        cli() + " eval-analogies --model " + model_dir() + " " + questions, &out, &err);
    if (rc == 0) continue;
    failed++;
    EXPECT_TRUE(fails_with_one_line(cli() + " eval-analogies --model " + model_dir() + " " +
                                    questions))
        << c.what;
  }
  testing::Test::RecordProperty("rejected", failed);
}
