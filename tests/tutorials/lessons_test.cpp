// Each lesson runs with small settings and prints the figures it teaches; these
// tests check those figures so that a lesson cannot silently rot. (07 and 08 have
// their own file.) The expected numbers come from the lessons' own references:
// PyTorch's printed 6 x 3 table, exact equality of one-hot and lookup, the
// finite-difference bound, and the analogy baselines that must be 0.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "test_util.h"
#include "util/file.h"

using embedlab_test::run;

namespace {

std::string lesson(const std::string& name) {
  return embedlab_test::build_dir() + "/tutorials/" + name;
}

// Runs a lesson; asserts exit 0 and returns what it printed.
std::string run_ok(const std::string& cmd) {
  std::string out;
  int rc = run(cmd, &out);
  EXPECT_EQ(rc, 0) << cmd << "\n" << out;
  return out;
}

bool has(const std::string& out, const std::string& s) { return out.find(s) != std::string::npos; }

// The printed text without lines that carry timings (they differ run to run).
std::string without_timings(const std::string& out) {
  std::istringstream in(out);
  std::string line, kept;
  std::regex timing(R"(\d(\.\d+)? ?(ms|us|s)\b|/s\b|GFLOP|GB/s|tok/s|tokens/s)");
  while (std::getline(in, line))
    if (!std::regex_search(line, timing)) kept += line + "\n";
  return kept;
}

}  // namespace

TEST(Lesson01, BytesAndOneHotEqualsLookup) {
  std::string dir = embedlab_test::temp_dir();
  std::string out = run_ok(lesson("01_text_to_bytes") + " --out " + dir + " --onehot-bytes 2048");
  EXPECT_TRUE(has(out, "01 text to bytes")) << out;
  // "Zoë's café: 5€, 中文 😀": 20 characters; ë é 2 bytes, € 中 文 3, 😀 4 -> 31 bytes.
  EXPECT_TRUE(has(out, "is 31 bytes")) << out;
  EXPECT_TRUE(has(out, "max |one-hot - lookup| = 0")) << out;
  EXPECT_TRUE(has(out, "Try this")) << out;
}

TEST(Lesson04, TheSixByThreeTableOfPyTorch) {
  std::string dir = embedlab_test::temp_dir();
  std::string out = run_ok(lesson("04_embedding_lookup") + " --out " + dir);
  // torch.manual_seed(123); torch.nn.Embedding(6, 3).weight, as PyTorch prints it.
  EXPECT_TRUE(has(out, "[[ 0.3374, -0.1778, -0.1690],")) << out;
  EXPECT_TRUE(has(out, " [-2.8400, -0.7849, -1.4096]]")) << out;
  EXPECT_TRUE(has(out, "max |X W - lookup| = 0")) << out;
  EXPECT_TRUE(has(out, "the vector of id 3 (in) is row 3 of W: [-0.4015,  0.9666, -1.1481] -> equal"))
      << out;
  std::string bad;
  EXPECT_EQ(run(lesson("04_embedding_lookup") + " --out " + dir + " --ids 2 3 6", &bad), 1);
  EXPECT_TRUE(has(bad, "token id 6 at position 2 is out of range")) << bad;
}

TEST(Lesson05, CostTableAndEqualRows) {
  std::string dir = embedlab_test::temp_dir();
  std::string out = run_ok(lesson("05_lookup_vs_onehot_cost") + " --out " + dir +
                           " --tokens 8 --vocabs 6 256");
  EXPECT_TRUE(has(out, "38597376")) << out;  // GPT-2 small: 50257 x 768 weights
  EXPECT_TRUE(has(out, "one-hot X 1.6 GB")) << out;
  std::regex row(R"(\n\s+(6|256)\s+[0-9.]+ ms\s+[0-9.]+ ms\s+\d+x\s+0\s)");
  int rows = 0;
  for (std::sregex_iterator it(out.begin(), out.end(), row), end; it != end; ++it) rows++;
  EXPECT_EQ(rows, 2) << out;  // both sizes measured, max|diff| 0 on each
}

TEST(Lesson06, GradientsAgreeAndPassTheFiniteDifferenceCheck) {
  std::string dir = embedlab_test::temp_dir();
  std::string out = run_ok(lesson("06_embedding_backward") + " --out " + dir);
  EXPECT_TRUE(has(out, "one-hot vs scatter-add: max |diff| = 0")) << out;
  EXPECT_TRUE(has(out, "dW[3] = [ 2.0000,  2.1000,  2.2000] + [ 4.0000,  4.1000,  4.2000] = [ 6.0000,  6.2000,  6.4000]"))
      << out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(max relative error ([0-9.e+-]+) \(tolerance 1e-6)")))
      << out;
  EXPECT_LT(std::stod(m[1]), 1e-6);
}

TEST(Lesson09, AnalogiesBeatTheBaselinesAndPicturesAreWritten) {
  std::string dir = embedlab_test::temp_dir();
  // A very short run, to check the lesson's figures and files; the accuracy target of
  // the full run is checked by Quality.DefaultTrainingMeetsTheTargets.
  std::string out = run_ok(lesson("09_explore_embeddings") + " --out " + dir + " --steps 20 --dim 8");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(overall\s+(\d+)/(\d+)\s+(\d+)/\d+\s+(\d+)/\d+)")))
      << out;
  EXPECT_EQ(m[2], "444");
  // A random table is right about once per number of candidates (~500 word tokens).
  EXPECT_LE(std::stoi(m[3]), 10);
  EXPECT_EQ(m[4], "0");  // one-hot vectors: every candidate ties at cosine 0
  EXPECT_TRUE(has(out, "max |diff| = 0")) << out;
  for (const char* png : {"09_pca.png", "09_cosine_before_after.png", "09_embedding_rows.png"})
    EXPECT_TRUE(embedlab::file_exists(dir + "/" + png)) << png;
}

TEST(TeachersCheck, SameSeedSamePrintedNumbers) {
  // Two students running the same lesson with the same seed see the same numbers.
  auto same = [](const std::string& cmd) {
    auto printed = [&] {
      std::string out = run_ok(cmd + " --out " + embedlab_test::temp_dir());
      return std::regex_replace(without_timings(out),
                                std::regex(R"(/[^ ]*embedlab_test_[A-Za-z0-9]+)"), "DIR");
    };
    EXPECT_EQ(printed(), printed()) << cmd;
  };
  same(lesson("04_embedding_lookup") + " --init default --seed 7");
  same(lesson("06_embedding_backward"));
  same(lesson("09_explore_embeddings") + " --steps 20 --dim 8");
}
