// The quality targets of `embedlab train`'s defaults on the shipped toy world:
//   - the default (window 4) model beats the bigram-count baseline on validation and
//     its embeddings answer at least 90% of corpus/toyworld-analogies.txt (top-1);
//   - a window-1 model (a bigram model with a position term) comes within 3% of the
//     bigram-count baseline;
//   - on real English (corpus/kjv_pentateuch.txt, 815 KB) the defaults end below the
//     bigram-count baseline, and summary.json and the last line say so.
// Each is a real training run (about 20 s on 2 cores), so they are skipped in the
// sanitizer build, where they would take many minutes and prove nothing more.
#include <gtest/gtest.h>


#include "test_util.h"

using embedlab_test::run;
using embedlab_test::sanitized;

namespace {

using embedlab_test::cli;

double number_after(const std::string& text, const std::string& label) {
  const auto m = embedlab_test::regex_groups(text, label + R"( ([0-9.]+))");
  return m.empty() ? -1 : std::stod(m[1]);
}

}  // namespace

TEST(Quality, DefaultTrainingMeetsTheTargets) {
  if (sanitized()) GTEST_SKIP() << "a full training run; checked in the optimised build";
  std::string dir = embedlab_test::temp_dir(), out;
  ASSERT_EQ(run(cli() + " train --quiet --corpus corpus/toyworld.txt --out " + dir, &out), 0) << out;
  double val = number_after(out, "validation loss"), bigram = number_after(out, "bigram");
  ASSERT_GT(val, 0) << out;
  EXPECT_LT(val, bigram) << out;
  ASSERT_EQ(run(cli() + " eval-analogies --model " + dir + " corpus/toyworld-analogies.txt", &out), 0) << out;
  const auto m = embedlab_test::regex_groups(out, R"(accuracy: (\d+)/(\d+))");
  ASSERT_FALSE(m.empty()) << out;
  EXPECT_GE(std::stod(m[1]) / std::stod(m[2]), 0.90) << out;
}

TEST(Quality, WindowOneModelComesWithinThreePercentOfBigramCounts) {
  if (sanitized()) GTEST_SKIP() << "a full training run; checked in the optimised build";
  std::string dir = embedlab_test::temp_dir(), out;
  ASSERT_EQ(run(cli() + " train --quiet --window 1 --corpus corpus/toyworld.txt --out " + dir, &out), 0)
      << out;
  double val = number_after(out, "validation loss"), bigram = number_after(out, "bigram");
  ASSERT_GT(bigram, 0) << out;
  EXPECT_LT(val, bigram * 1.03) << out;
}

TEST(Quality, DefaultTrainingBeatsTheBigramCountsOnRealText) {
  if (sanitized()) GTEST_SKIP() << "a full training run; checked in the optimised build";
  std::string dir = embedlab_test::temp_dir(), out;
  ASSERT_EQ(run(cli() + " train --quiet --corpus corpus/kjv_pentateuch.txt --out " + dir, &out), 0)
      << out;
  double val = number_after(out, "validation loss"), bigram = number_after(out, "bigram");
  ASSERT_GT(val, 0) << out;
  ASSERT_GT(bigram, 0) << out;
  EXPECT_LT(val, bigram) << out;
  // The last line: below all three baselines, each with its margin.
  std::string last = out.substr(out.find_last_of('\n', out.size() - 2) + 1);
  EXPECT_NE(last.find("below uniform by"), std::string::npos) << last;
  EXPECT_NE(last.find("bigram by"), std::string::npos) << last;
  EXPECT_EQ(last.find("NOT"), std::string::npos) << last;
  const std::string summary = embedlab_test::read_text(dir + "/summary.json");
  const auto m = embedlab_test::regex_groups(
      summary, R"("bigram": \{"loss": ([0-9.]+), "perplexity": [0-9.]+, "beaten": (\w+), "margin_nats": ([-0-9.e]+))");
  ASSERT_FALSE(m.empty()) << summary;
  EXPECT_EQ(m[2], "true");
  EXPECT_NEAR(std::stod(m[1]) - std::stod(m[3]), val, 1e-3);
}
