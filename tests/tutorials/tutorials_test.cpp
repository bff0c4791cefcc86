// The tutorials run as programs with small settings; their key printed figures are
// checked against numbers computed here independently.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

#include "test_util.h"

using embedlab_test::run;

namespace {

std::string tutorial(const std::string& name) {
  return embedlab_test::build_dir() + "/tutorials/" + name;
}

// The first capture of `pattern` in `text`, or "" when it does not match.
std::string find(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Tutorial07, WindowCountsShapesAndEqualities) {
  const std::string dir = embedlab_test::temp_dir();
  std::string out;
  ASSERT_EQ(run(tutorial("07_positions_and_batches") + " --dim 8 --stride 3 --out " + dir, &out), 0)
      << out;
  // N from the program's own count; windows start at range(0, N - L, S), so there are
  // ceil((N - L) / S) of them (the GPT data loader's rule, derived by hand).
  const std::string n_text = find(out, "-> ([0-9]+) tokens");
  ASSERT_FALSE(n_text.empty()) << out;
  const long N = std::stol(n_text);
  ASSERT_GT(N, 100) << out;
  const int L = 4;
  std::regex line("max_length ([0-9]+), stride ([0-9]+): ([0-9]+) windows");
  int seen = 0;
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it, ++seen) {
    const long l = std::stol((*it)[1].str()), s = std::stol((*it)[2].str());
    EXPECT_EQ(l, L);
    EXPECT_EQ(std::stol((*it)[3].str()), (N - l + s - 1) / s) << (*it)[0].str();
  }
  EXPECT_EQ(seen, 3) << "strides 1, 4 (= max_length) and 3 (--stride)\n" << out;
  EXPECT_TRUE(contains(out, "neighbours share 3 of 4 ids; a token is a target in 4 windows")) << out;
  EXPECT_TRUE(contains(out, "neighbours share 0 of 4 ids; a token is a target in 1 window\n")) << out;
  EXPECT_TRUE(contains(out, "inputs, shape (8, 4)")) << out;
  EXPECT_TRUE(contains(out, "token embeddings E[inputs]: shape (8, 4, 8)")) << out;
  EXPECT_TRUE(contains(out, "position embeddings P[0..3]: shape (4, 8)")) << out;
  EXPECT_TRUE(contains(out, "= input embeddings x: shape (8, 4, 8)")) << out;
  EXPECT_TRUE(contains(out, "one-hot vs lookup: max |diff| = 0 (expect 0)")) << out;
  EXPECT_TRUE(contains(out, "dP (4, 8) against the sum of the 8 rows of dx: max |diff| = 0")) << out;
  // The written batch: a header, a column line, and B*T = 32 rows of 3 + C fields.
  const std::string tsv = embedlab_test::read_text(dir + "/07_input_embeddings.tsv");
  int rows = 0;
  for (char ch : tsv) rows += ch == '\n';
  EXPECT_EQ(rows, 2 + 32);
}

TEST(Tutorial07, BadFlagGivesOneLineError) {
  std::string out;
  EXPECT_EQ(run(tutorial("07_positions_and_batches") + " --stride 0", &out), 1);
  EXPECT_EQ(out, "07_positions_and_batches: --max-length, --stride, --batch and --dim must be at "
                 "least 1\n");
}

TEST(Tutorial08, LearnsPastUnigramAndPathsAgree) {
  const std::string dir = embedlab_test::temp_dir();
  std::string out;
  // A small run: 200 KB of the toy world, V 300, C 8, 100 steps of 16 x 16 tokens.
  ASSERT_EQ(run(tutorial("08_train_next_token") + " --corpus-bytes 200000 --vocab-size 300 "
                "--dim 8 --context 16 --batch 16 --steps 100 --lr 0.1 --compare-steps 5 --out " +
                dir, &out), 0)
      << out;
  const std::string num = "([0-9]+\\.[0-9]+)";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("final validation loss " + num + " \\| uniform " +
                                                   num + ", unigram " + num + ", bigram " + num)))
      << out;
  const double val = std::stod(m[1].str()), uniform = std::stod(m[2].str());
  const double unigram = std::stod(m[3].str());
  EXPECT_LT(val, unigram) << out;
  EXPECT_LT(unigram, uniform) << out;
  // ln 300 by hand; the trainer's baselines equal the ones [2] computed before training.
  EXPECT_NEAR(uniform, std::log(300.0), 1e-4);
  EXPECT_EQ(find(out, "\\n    unigram  ([0-9.]+) "), m[3].str()) << out;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("max relative difference ([0-9.e+-]+) over 5 "
                                                   "steps \\(tolerance ([0-9.e+-]+)\\)")))
      << out;
  EXPECT_LT(std::stod(m[1].str()), std::stod(m[2].str())) << out;
  EXPECT_LE(std::stod(m[2].str()), 1e-4);
  EXPECT_TRUE(embedlab_test::read_text(dir + "/08_loss.png").rfind("\x89PNG", 0) == 0);
  EXPECT_TRUE(embedlab_test::read_text(dir + "/08_model/loss.png").rfind("\x89PNG", 0) == 0);
}

TEST(Tutorial08, TooSmallCorpusNamesTheFile) {
  const std::string dir = embedlab_test::temp_dir();
  embedlab_test::write_text(dir + "/tiny.txt", "the cat sat.");
  std::string out;
  EXPECT_EQ(run(tutorial("08_train_next_token") + " --vocab-size 256 --corpus " + dir +
                "/tiny.txt --out " + dir, &out), 1);
  // The header and step [1] are printed too (stdout); the error is one line on stderr.
  EXPECT_TRUE(contains(out, "08_train_next_token: " + dir + "/tiny.txt: 12 tokens are too few "
                            "for a training and a validation window of --context 32\n"))
      << out;
}
