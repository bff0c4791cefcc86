// The explore commands (similarity, neighbors, analogy, eval-analogies, plot, export,
// explore) through the process boundary: every bad input gives exit code 1 and one
// line on stderr, "embedlab <command>: <message>", naming the file or value.
#include <gtest/gtest.h>

#include <sstream>

#include "explore/word2vec_file.h"
#include "test_util.h"
#include "train/checkpoint.h"

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
    embedlab_test::write_text(*dir_ + "/pairs.txt", "the a 1\nand that 2\nthe was 3\nxqzv a 4\n");
    rc = run(cli() + " export --model " + *dir_ + "/model --out " + *dir_ + "/model.w2v", &out);
    ASSERT_EQ(rc, 0) << out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string dir() { return *dir_; }
  static std::string model() { return *dir_ + "/model"; }
  // The model's table as `embedlab export` wrote it (word2vec text), and read back.
  static std::string exported() { return *dir_ + "/model.w2v"; }
  static embedlab::VocabVectors table() {
    embedlab::VocabVectors vv;
    embedlab::Status s = embedlab::read_word2vec(&vv, exported());
    EXPECT_TRUE(s.ok()) << s.message();
    return vv;
  }
  // The first word-like token (" word") whose row is all zeros (`zero`) or not, after `skip`
  // such tokens; "" when there is none.
  static std::string word_token(bool zero, int skip = 0) {
    embedlab::VocabVectors vv = table();
    for (int32_t id = 0; id < vv.V(); id++)
      if (vv.token(id)[0] == ' ' && vv.word_like(id) && vv.zero_row(id) == zero && skip-- == 0)
        return vv.token(id).substr(1);
    return "";
  }

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
            {"eval-similarity", "eval-similarity --model " + m + " " + d + "/pairs.txt"},
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
  expect_error("neighbors the", "embedlab neighbors: --model DIR or --vectors FILE is required");
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
  EXPECT_EQ(out.rfind("warning: not a single token: 'thx' is 2 tokens [' th','x']: using their "
                      "mean (did you mean: ", 0), 0u)
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
  // A binary file: its first line, not its bytes. (How many words that line has depends on
  // the checkpoint's bytes: its section count can be a tab.)
  std::string out, err;
  EXPECT_EQ(run_split(cli() + " eval-analogies" + m + model() + "/checkpoint.bin", &out, &err), 1);
  EXPECT_FALSE(embedlab_test::regex_groups(err, "^embedlab eval-analogies: .*/checkpoint.bin:1: "
                                                "expected 4 words, got [0-9]+\n$")
                   .empty())
      << err;
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

TEST_F(ExploreCli, ExplorePromptAnswersHelp) {
  const std::string in = dir() + "/help.txt";
  embedlab_test::write_text(in, "help\n:help\n?\nquit\n");
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " explore --model " + model() + " < " + in, &out, &err), 0) << err;
  EXPECT_EQ(err, "");
  const std::vector<std::string> lists = embedlab_test::regex_all(
      out, R"(> commands:\n  king - man \+ woman .*\n  neighbors WORD .*\n  similarity WORD WORD .*\n)"
           R"(  help, :help, \? .*\n  quit, exit .*\n)", 0);
  EXPECT_EQ(lists.size(), 3u) << out;  // once for each spelling
  EXPECT_EQ(out.find("nearest to help"), std::string::npos) << out;  // not taken as a word
  EXPECT_EQ(out.find("unknown word"), std::string::npos) << out;
  // A never-trained word at the prompt: the warning and the error, then the next line.
  const std::string zero = word_token(true);
  ASSERT_NE(zero, "");
  embedlab_test::write_text(in, zero + "\nthe\n");
  ASSERT_EQ(run_split(cli() + " explore --model " + model() + " < " + in, &out, &err), 0) << err;
  // (The fixture's run is short: the word may be "seen N times" in the training split and
  // still never have been in a batch.)
  EXPECT_FALSE(embedlab_test::regex_groups(
                   out, "> warning: ' " + zero + "' was never trained: its row is all zeros"
                        "( \\(seen [0-9]+ times\\))?\n'" + zero +
                        "' has an all-zero vector \\(never trained\\)")
                   .empty())
      << out;
  EXPECT_NE(out.find("nearest to the (cosine"), std::string::npos) << out;
}

TEST_F(ExploreCli, NeverTrainedRowsAreNamedAndLeftOut) {
  // E starts at zero (the context mix), so in 10 steps most rows are never touched.
  const std::string zero = word_token(true);
  ASSERT_NE(zero, "") << "every word-like row was trained";
  const std::string m = " --model " + model();
  std::string out, err;
  // A query without a direction has no neighbours: an error, not a list of zeros.
  EXPECT_EQ(run_split(cli() + " neighbors" + m + " " + zero, &out, &err), 1);
  // (The fixture's run is short: a token can be in the training split, "seen N times",
  // and still never be in a batch.)
  const std::string never = "warning: ' " + zero + "' was never trained: its row is all zeros";
  EXPECT_EQ(out.rfind(never, 0), 0u) << out;
  EXPECT_EQ(err, "embedlab neighbors: '" + zero + "' has an all-zero vector (never trained): its "
                 "cosine with every word is 0, so no word is nearer than another\n");
  // Other words' lists leave it out, and say how many such rows they left out.
  ASSERT_EQ(run_split(cli() + " neighbors" + m + " the -k 100000", &out, &err), 0) << err;
  EXPECT_EQ(out.find("' " + zero + "'"), std::string::npos) << out;
  EXPECT_FALSE(embedlab_test::regex_groups(
                   out, R"(\(left out: \d+ never-trained rows(, \d+ tokens seen fewer than 5 times)?; --all-rows shows them\)\n$)")
                   .empty())
      << out;
  ASSERT_EQ(run_split(cli() + " neighbors" + m + " the -k 100000 --all-rows", &out, &err), 0) << err;
  EXPECT_NE(out.find("' " + zero + "'"), std::string::npos) << out;
  EXPECT_EQ(out.find("left out"), std::string::npos) << out;
  // similarity prints the 0 and says what it means.
  ASSERT_EQ(run_split(cli() + " similarity" + m + " the " + zero, &out, &err), 0) << err;
  EXPECT_NE(out.find(never), std::string::npos) << out;
  EXPECT_NE(out.find("warning: an all-zero vector has cosine 0 with everything: this 0 means "
                     "\"never trained\", not \"unrelated\"\n"), std::string::npos) << out;
  // analogy over it warns, and never answers with it.
  ASSERT_EQ(run_split(cli() + " analogy" + m + " the a " + zero + " -k 100000", &out, &err), 0) << err;
  EXPECT_NE(out.find(never), std::string::npos) << out;
}

TEST_F(ExploreCli, AnalogyOverMultiTokenWordsSaysSo) {
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " analogy --model " + model() + " thx a the", &out, &err), 0) << err;
  EXPECT_EQ(out.rfind("warning: not a single token: 'thx' is 2 tokens [' th','x']", 0), 0u) << out;
  EXPECT_NE(out.find("warning: 1 of the 3 words is several tokens: the arithmetic below runs on "
                     "means of pieces, so its answers are not about those words\n"),
            std::string::npos) << out;
}

namespace {
// V little-endian int64, the checkpoint's "token_counts" section.
std::string counts_bytes(const std::vector<int64_t>& counts) {
  std::string out;
  for (int64_t c : counts)
    for (int b = 0; b < 8; b++) out += char((uint64_t(c) >> (8 * b)) & 0xff);
  return out;
}
}  // namespace

TEST_F(ExploreCli, TokenCountsAreShownAndRareTokensLeftOut) {
  // A copy of the model whose checkpoint says every token was seen 100 times, except
  // one trained word seen twice.
  const std::string m = dir() + "/counted";
  std::string rare = word_token(false, 0);
  if (rare == "the") rare = word_token(false, 1);
  ASSERT_NE(rare, "");
  embedlab::VocabVectors vv = table();
  std::vector<int64_t> counts(size_t(vv.V()), 100);
  counts[size_t(vv.find_word(rare))] = 2;
  std::string out, err;
  ASSERT_EQ(run("mkdir -p " + m + " && cp " + model() + "/tokenizer.tok " + m + "/", &out), 0);
  embedlab::Checkpoint ck;
  ASSERT_TRUE(embedlab::load_checkpoint(model() + "/checkpoint.bin", &ck).ok());
  ck.sections["token_counts"] = counts_bytes(counts);
  ASSERT_TRUE(embedlab::save_checkpoint(m + "/checkpoint.bin", ck).ok());

  ASSERT_EQ(run_split(cli() + " neighbors --model " + m + " the -k 100000", &out, &err), 0) << err;
  EXPECT_EQ(out.rfind("note: ' the' was seen 100 times in training\n"
                      "nearest to the (cosine, times seen in training):\n", 0), 0u) << out;
  EXPECT_EQ(out.find("' " + rare + "'"), std::string::npos) << out;
  EXPECT_NE(out.find("  seen 100\n"), std::string::npos) << out;
  EXPECT_NE(out.find(" never-trained rows, 1 tokens seen fewer than 5 times; --all-rows shows them)\n"),
            std::string::npos) << out;
  ASSERT_EQ(run_split(cli() + " neighbors --model " + m + " the -k 100000 --min-count 2", &out, &err), 0);
  EXPECT_NE(out.find("' " + rare + "'"), std::string::npos) << out;
  ASSERT_EQ(run_split(cli() + " neighbors --model " + m + " " + rare, &out, &err), 0) << err;
  EXPECT_EQ(out.rfind("warning: ' " + rare + "' was seen only 2 times in training (fewer than "
                      "--min-count 5): its vector has had few updates\n", 0), 0u) << out;
  // A never-trained row says how often it was seen (in this made-up section, 100 times).
  const std::string zero = word_token(true);
  ASSERT_NE(zero, "");
  EXPECT_EQ(run_split(cli() + " neighbors --model " + m + " " + zero, &out, &err), 1);
  EXPECT_EQ(out, "warning: ' " + zero + "' was never trained: its row is all zeros (seen 100 times)\n");
  expect_error("neighbors --model " + m + " the --min-count -1",
               "embedlab neighbors: --min-count -1: expected a whole number from 0 to 2147483647");
  // A section of the wrong length is named, not read past.
  ck.sections["token_counts"] = counts_bytes({1, 2, 3});
  ASSERT_TRUE(embedlab::save_checkpoint(m + "/checkpoint.bin", ck).ok());
  expect_error("neighbors --model " + m + " the",
               "embedlab neighbors: " + m + "/checkpoint.bin: section token_counts has 24 bytes, "
               "expected " + std::to_string(vv.V()) + " counts of 8 bytes");
}

TEST_F(ExploreCli, VectorsFileServesEveryCommand) {
  // The model's own export read back through --vectors: the same answers as --model.
  for (const auto& [name, args] : every_command(model())) {
    std::string with_vectors = args;
    with_vectors.replace(with_vectors.find("--model " + model()), 8 + model().size(),
                         "--vectors " + exported());
    std::string out, err;
    EXPECT_EQ(run_split(cli() + " " + with_vectors + " < /dev/null", &out, &err), 0)
        << with_vectors << "\n" << err;
    EXPECT_EQ(err, "") << with_vectors;
  }
  std::string a, b, err;
  ASSERT_EQ(run_split(cli() + " neighbors --model " + model() + " the", &a, &err), 0);
  ASSERT_EQ(run_split(cli() + " neighbors --vectors " + exported() + " the", &b, &err), 0);
  // The same neighbours and cosines; the model also knows how often each token was seen.
  auto without_counts = [](const std::string& text) {
    using embedlab_test::regex_replace_all;
    std::string t = regex_replace_all(text, "note: [^\n]*\n", "");
    t = regex_replace_all(t, "  seen [0-9]+", "");
    t = regex_replace_all(t, ", times seen in training", "");
    return regex_replace_all(t, ", [0-9]+ tokens seen fewer than [0-9]+ times", "");
  };
  EXPECT_EQ(without_counts(a), b);
  expect_error("neighbors --model " + model() + " --vectors " + exported() + " the",
               "embedlab neighbors: give --model DIR or --vectors FILE, not both");
  expect_error("neighbors --vectors " + dir() + "/pairs.txt the",
               "embedlab neighbors: " + dir() + "/pairs.txt:1: expected a header 'V C' (how many "
               "words, how many numbers each; whole numbers from 1), got 'the a 1'");
  // Without a tokenizer a word is whole or unknown.
  EXPECT_EQ(run_split(cli() + " neighbors --vectors " + exported() + " thx", &a, &err), 1);
  EXPECT_EQ(err.rfind("embedlab neighbors: unknown word 'thx' (did you mean: ", 0), 0u) << err;
}

TEST_F(ExploreCli, EvalSimilarityReportsCoverageRhoAndBaseline) {
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " eval-similarity --model " + model() + " " + dir() + "/pairs.txt " +
                          dir() + "/pairs.txt --seed 3",
                      &out, &err),
            0) << err;
  EXPECT_EQ(err, "");
  const std::string report = dir() + "/pairs.txt: 4 pairs, 3 covered (75.0%)\n"
                             "  Spearman rho ";
  EXPECT_EQ(out.rfind(report, 0), 0u) << out;
  // 3 pairs: a rho from chance alone spreads by 1/sqrt(2) = 0.71.
  EXPECT_NE(out.find(" over the 3 covered pairs (chance alone: +-0.71); random table (seed 3): rho "),
            std::string::npos) << out;
  EXPECT_NE(out.find("  not single tokens: 1 words ('xqzv')\n"), std::string::npos) << out;
  EXPECT_NE(out.find(report, 1), std::string::npos) << out;  // the second file
  const std::string bad = dir() + "/bad_pairs.txt";
  embedlab_test::write_text(bad, "the a 1\nthe that\n");
  expect_error("eval-similarity --model " + model() + " " + bad,
               "embedlab eval-similarity: " + bad + ":2: expected 'word1 word2 score', got 2 fields");
  expect_error("eval-similarity --model " + model(),
               "embedlab eval-similarity: expected one or more FILEs of 'word1 word2 score' lines");
}

TEST_F(ExploreCli, EvalAnalogiesGivesSemanticAndSyntacticApart) {
  const std::string q = dir() + "/gram_questions.txt";
  embedlab_test::write_text(q, ": capital-x\nthe a and that\n: gram1-y\nthe a and that\nthat and a the\n");
  std::string out, err;
  ASSERT_EQ(run_split(cli() + " eval-analogies --model " + model() + " " + q, &out, &err), 0) << err;
  EXPECT_FALSE(
      embedlab_test::regex_groups(out, R"(\nsemantic \(sections not named gram\*\): \d+/1 )").empty())
      << out;
  EXPECT_FALSE(
      embedlab_test::regex_groups(out, R"(\nsyntactic \(sections named gram\*\): \d+/2 )").empty())
      << out;
}
