// The explore commands (similarity, neighbors, analogy, eval-analogies, plot, export,
// explore) through the process boundary: every bad input gives exit code 1 and one
// line on stderr, "embedlab <command>: <message>", naming the file or value.
#include <gtest/gtest.h>

#include <sstream>

#include "test_util.h"

using embedlab_test::run;
using embedlab_test::run_split;

namespace {

using embedlab_test::cli;

// The first n lines of a file.
using embedlab_test::head_lines;

class ExploreCli : public testing::Test {
 protected:
  // One tiny model for the whole suite: 10 steps on 200 lines of the toy world, a
  // 400-token tokenizer (enough for whole-word tokens such as " the").
  static void SetUpTestSuite() {
    dir_ = new std::string(embedlab_test::temp_dir());
    const std::string corpus = *dir_ + "/corpus.txt";
    embedlab_test::write_text(corpus, head_lines("corpus/toyworld.txt", 200));
    std::string out;
    int rc = run(cli() + " train --quiet --corpus " + corpus + " --out " + *dir_ +
                     "/model --vocab-size 400 --dim 8 --context 8 --batch 4 --steps 10",
                 &out);
    ASSERT_EQ(rc, 0) << out;
    rc = run(cli() + " train-tokenizer --quiet --corpus " + corpus + " --vocab-size 300 --out " +
                 *dir_ + "/other.tok",
             &out);
    ASSERT_EQ(rc, 0) << out;
    embedlab_test::write_text(*dir_ + "/questions.txt", ": s\nthe a and of\n");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string dir() { return *dir_; }
  static std::string model() { return *dir_ + "/model"; }

  // `args` fails with exit code 1 and exactly `expected` as its one stderr line.
  static void expect_error(const std::string& args, const std::string& expected) {
    std::string out, err;
    const int rc = run_split(cli() + " " + args + " < /dev/null", &out, &err);
    EXPECT_EQ(rc, 1) << args << "\n" << out << err;
    EXPECT_EQ(err, expected + "\n") << args;
  }

  // Each explore command once, with `model` as its folder and otherwise good input.
  static std::vector<std::pair<std::string, std::string>> every_command(const std::string& m) {
    const std::string d = dir();
    return {{"similarity", "similarity --model " + m + " the and"},
            {"neighbors", "neighbors --model " + m + " the"},
            {"analogy", "analogy --model " + m + " the a and"},
            {"eval-analogies", "eval-analogies --model " + m + " " + d + "/questions.txt"},
            {"plot", "plot --model " + m + " --words the a --out " + d + "/p.png"},
            {"export", "export --model " + m + " --out " + d + "/e.txt"},
            {"explore", "explore --model " + m}};
  }

 private:
  static std::string* dir_;
};

std::string* ExploreCli::dir_ = nullptr;

}  // namespace

TEST_F(ExploreCli, GoodInputWorks) {
  // The baseline for every error below: the same commands succeed on the real model.
  for (const auto& [name, args] : every_command(model())) {
    std::string out, err;
    EXPECT_EQ(run_split(cli() + " " + args + " < /dev/null", &out, &err), 0) << args << "\n" << err;
    EXPECT_EQ(err, "") << args;
  }
}

TEST_F(ExploreCli, MissingModelFolderIsNamed) {
  const std::string m = dir() + "/nosuch";
  for (const auto& [name, args] : every_command(m))
    expect_error(args, "embedlab " + name + ": " + m + ": no such model folder");
  expect_error("neighbors the", "embedlab neighbors: --model DIR is required");
}

TEST_F(ExploreCli, FolderWithoutTheModelFilesNamesTheMissingFile) {
  const std::string empty = dir() + "/empty", no_tok = dir() + "/no_tokenizer";
  std::string out;
  ASSERT_EQ(run("mkdir -p " + empty + " " + no_tok + " && cp " + model() + "/checkpoint.bin " +
                    no_tok + "/",
                &out),
            0)
      << out;
  for (const auto& [name, args] : every_command(empty))
    expect_error(args, "embedlab " + name + ": " + empty +
                           "/checkpoint.bin: cannot open: No such file or directory");
  for (const auto& [name, args] : every_command(no_tok))
    expect_error(args, "embedlab " + name + ": " + no_tok + ": " + no_tok +
                           "/tokenizer.tok: cannot open: No such file or directory");
  // A file where the folder should be.
  expect_error("neighbors --model " + dir() + "/questions.txt the",
               "embedlab neighbors: " + dir() + "/questions.txt/checkpoint.bin: cannot open: Not a directory");
}

TEST_F(ExploreCli, TokenizerThatDoesNotMatchTheModelIsRefused) {
  // The checkpoint keeps the CRC-32 of its tokenizer (src/train/model_dir.h).
  const std::string m = dir() + "/swapped";
  std::string out;
  ASSERT_EQ(run("mkdir -p " + m + " && cp " + model() + "/* " + m + "/ && cp " + dir() +
                    "/other.tok " + m + "/tokenizer.tok",
                &out),
            0)
      << out;
  for (const auto& [name, args] : every_command(m))
    expect_error(args, "embedlab " + name + ": " + m + ": the model was trained with another "
                                                       "tokenizer than " + m +
                           "/tokenizer.tok (checksums differ)");
}

TEST_F(ExploreCli, WrongNumberOfWords) {
  const std::string m = " --model " + model();
  expect_error("analogy" + m + " the a",
               "embedlab analogy: an analogy needs three words A B C (A : B :: C : ?), got 2");
  expect_error("analogy" + m + " the a and of",
               "embedlab analogy: an analogy needs three words A B C (A : B :: C : ?), got 4");
  expect_error("analogy" + m, "embedlab analogy: an analogy needs three words A B C (A : B :: C : ?), got 0");
  expect_error("similarity" + m + " the", "embedlab similarity: expected two words, got 1");
  expect_error("neighbors" + m, "embedlab neighbors: expected one word, got 0");
  expect_error("neighbors" + m + " ''", "embedlab neighbors: empty word: expected a word such as 'king'");
  expect_error("plot" + m + " --words the --out " + dir() + "/p.png",
               "embedlab plot: --words: expected at least two words");
}

TEST_F(ExploreCli, AWordThatIsNotATokenIsSplitAndTheNoteNamesCloseSpellings) {
  // Any text encodes (BPE falls back to bytes), so a word that is not one token is the
  // mean of its tokens rather than an error; a typo's note names the words it is near.
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " neighbors --model " + model() + " thx -k 2", &out, &err), 0) << err;
  EXPECT_EQ(err, "");
  EXPECT_EQ(out.rfind("note: 'thx' is 2 tokens [' th','x']: using their mean (did you mean: ", 0), 0u)
      << out;
  EXPECT_NE(out.find("the"), std::string::npos) << out;
}

TEST_F(ExploreCli, MalformedQuestionsFileNamesFileAndLine) {
  const std::string m = " --model " + model() + " ", q = dir() + "/q_";
  embedlab_test::write_text(q + "three.txt", ": s\nthe a and of\nthe a and\n");
  embedlab_test::write_text(q + "nosection.txt", "the a and of\n");
  embedlab_test::write_text(q + "header.txt", ": two words\r\n");
  embedlab_test::write_text(q + "empty.txt", "");
  expect_error("eval-analogies" + m + q + "three.txt",
               "embedlab eval-analogies: " + q + "three.txt:3: expected 4 words, got 3");
  expect_error("eval-analogies" + m + q + "nosection.txt",
               "embedlab eval-analogies: " + q + "nosection.txt:1: expected a section header "
               "': name' before the first question");
  expect_error("eval-analogies" + m + q + "header.txt",
               "embedlab eval-analogies: " + q + "header.txt:1: expected a section header "
               "': name', got ': two words\\x0D'");
  expect_error("eval-analogies" + m + q + "empty.txt",
               "embedlab eval-analogies: " + q + "empty.txt: no questions (expected a ': name' "
               "line, then lines of four words a b c d)");
  expect_error("eval-analogies" + m + q + "missing.txt",
               "embedlab eval-analogies: " + q + "missing.txt: cannot open: No such file or directory");
  // A binary file: its first line, not its bytes.
  expect_error("eval-analogies" + m + model() + "/checkpoint.bin",
               "embedlab eval-analogies: " + model() + "/checkpoint.bin:1: expected 4 words, got 1");
}

TEST_F(ExploreCli, BadTopKIsNamed) {
  const std::string m = " --model " + model() + " ";
  for (const std::string& cmd : {"neighbors" + m + "the", "analogy" + m + "the a and"}) {
    const std::string name = cmd.substr(0, cmd.find(' '));
    for (const char* k : {"0", "-1", "2147483648", "4294967297"})
      expect_error(cmd + " -k " + k, "embedlab " + name + ": --top-k " + k +
                                         ": expected a whole number from 1 to 2147483647");
    expect_error(cmd + " -k x", "embedlab " + name + ": --top-k x: expected a whole number");
    // More than the vocabulary is fine: every candidate, best first.
    std::string out;
    EXPECT_EQ(run(cli() + " " + cmd + " -k 100000", &out), 0) << out;
  }
}

TEST_F(ExploreCli, BadChoicesAreNamed) {
  const std::string m = " --model " + model();
  expect_error("export" + m + " --format xml --out " + dir() + "/e",
               "embedlab export: --format xml: expected w2v, npy or tsv");
  expect_error("plot" + m + " --words the a --kind bar --out " + dir() + "/p.png",
               "embedlab plot: --kind bar: expected pca, cosine or rows");
  expect_error("analogy" + m + " the a and --method 4CosAdd",
               "embedlab analogy: unknown analogy method '4CosAdd': expected 3CosAdd or 3CosMul");
  expect_error("eval-analogies" + m + " --method x " + dir() + "/questions.txt",
               "embedlab eval-analogies: unknown analogy method 'x': expected 3CosAdd or 3CosMul");
  expect_error("export" + m, "embedlab export: --out PATH is required");
  expect_error("plot" + m + " --words the a", "embedlab plot: --out FILE.png is required");
}

TEST_F(ExploreCli, UnwritableOutIsNamedAndLeavesNoTemporaryFile) {
  const std::string m = " --model " + model(), gone = dir() + "/no/such/folder";
  expect_error("export" + m + " --out " + gone + "/e.txt",
               "embedlab export: " + gone + "/e.txt: cannot write: No such file or directory");
  expect_error("export" + m + " --format npy --out " + gone + "/e.npy",
               "embedlab export: " + gone + "/e.npy: cannot write: No such file or directory");
  expect_error("export" + m + " --format tsv --out " + gone + "/e",
               "embedlab export: " + gone + "/e.vectors.tsv: cannot write: No such file or directory");
  expect_error("plot" + m + " --words the a --out " + gone + "/p.png",
               "embedlab plot: " + gone + "/p.png: cannot write: No such file or directory");
  // A folder where the file should go: the temporary file is written, the rename fails.
  const std::string folder = dir() + "/a_folder";
  std::string out;
  ASSERT_EQ(run("mkdir -p " + folder, &out), 0);
  expect_error("export" + m + " --out " + folder,
               "embedlab export: " + folder + ": rename failed: Is a directory");
  expect_error("plot" + m + " --words the a --out " + folder,
               "embedlab plot: " + folder + ": rename failed: Is a directory");
  EXPECT_EQ(run("ls " + dir() + " | grep -c '\\.tmp\\.'", &out), 1) << out;  // grep finds none
}

TEST_F(ExploreCli, ExplorePromptAnswersBadLinesAndGoesOn) {
  const std::string in = dir() + "/session.txt";
  embedlab_test::write_text(in, "neighbors\nsimilarity the\nthe - a\n\nthe - a + and\nquit\n");
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " explore --model " + model() + " < " + in, &out, &err), 0) << err;
  EXPECT_EQ(err, "");
  EXPECT_NE(out.find("> usage: neighbors WORD\n"), std::string::npos) << out;
  EXPECT_NE(out.find("> usage: similarity WORD WORD\n"), std::string::npos) << out;
  EXPECT_NE(out.find("> try: king - man + woman"), std::string::npos) << out;
  EXPECT_NE(out.find("a : and :: the : ?"), std::string::npos) << out;
}
