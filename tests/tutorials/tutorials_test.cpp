// Tutorials 07 and 08 run as programs with small settings; their key printed figures
// are checked against numbers computed here independently. (Plain string searches:
// std::regex draws -Wmaybe-uninitialized from GCC 12's own headers at -O1.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_util.h"

using embedlab_test::run;

namespace {

std::string tutorial(const std::string& name) {
  return embedlab_test::build_dir() + "/tutorials/" + name;
}

// The number printed right after each occurrence of `before`, in order.
std::vector<double> numbers_after(const std::string& text, const std::string& before) {
  std::vector<double> v;
  for (size_t at = text.find(before); at != std::string::npos; at = text.find(before, at + 1))
    v.push_back(std::strtod(text.c_str() + at + before.size(), nullptr));
  return v;
}

// The first number after `before`; fails the test when `before` is not printed.
double number_after(const std::string& text, const std::string& before) {
  std::vector<double> v = numbers_after(text, before);
  EXPECT_FALSE(v.empty()) << "no \"" << before << "\" in:\n" << text;
  return v.empty() ? NAN : v[0];
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
  const double N = number_after(out, " bytes -> ");
  ASSERT_GT(N, 100) << out;
  const long L = 4, n = long(N);
  const long strides[3] = {1, 4, 3};  // stride 1, stride = max_length, then --stride 3
  std::vector<double> printed;
  for (long s : strides)
    printed.push_back(number_after(out, "max_length 4, stride " + std::to_string(s) + ": "));
  for (int i = 0; i < 3; i++)
    EXPECT_EQ(long(printed[size_t(i)]), (n - L + strides[i] - 1) / strides[i])
        << "stride " << strides[i] << "\n" << out;
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
                "--dim 8 --context 16 --batch 16 --steps 100 --lr 0.1 --compare-steps 5 "
                "--real-bytes 200000 --real-steps 300 --out " +
                dir, &out), 0)
      << out;
  const double val = number_after(out, "final validation loss ");
  const double uniform = number_after(out, "| uniform "), unigram = number_after(out, ", unigram ");
  EXPECT_LT(val, unigram) << out;
  EXPECT_LT(unigram, uniform) << out;
  // ln 300 by hand; the trainer's baselines equal the ones [2] computed before training.
  EXPECT_NEAR(uniform, std::log(300.0), 1e-4);
  EXPECT_EQ(number_after(out, "\n    unigram  "), unigram) << out;
  const double rel = number_after(out, "max relative difference ");
  const double tol = number_after(out, "(tolerance ");
  EXPECT_TRUE(contains(out, "max relative difference")) << out;
  EXPECT_LT(rel, tol) << out;
  EXPECT_LE(tol, 1e-4);
  EXPECT_TRUE(embedlab_test::read_text(dir + "/08_loss.png").rfind("\x89PNG", 0) == 0);
  EXPECT_TRUE(embedlab_test::read_text(dir + "/08_model/loss.png").rfind("\x89PNG", 0) == 0);
  // [7] real text: the toy world's 491 words (the whole generator's vocabulary shows up
  // in 200 KB), more on the real text, and the context mix below the window mean.
  EXPECT_EQ(number_after(out, "toy world "), 491) << out;
  EXPECT_GT(number_after(out, "real text "), 1000) << out;
  const double mean = number_after(out, "mean of E over the window + P"),
               context = number_after(out, "mean of M over the window + P");
  EXPECT_GT(mean, 0) << out;
  EXPECT_GT(context, 0) << out;
  EXPECT_LT(context, mean) << out;
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
