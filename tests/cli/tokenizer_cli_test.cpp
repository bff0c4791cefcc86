// The tokenizer commands through the process boundary: results and one-line errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include "test_util.h"

using embedlab_test::run;

namespace {

std::string cli() { return embedlab_test::build_dir() + "/embedlab"; }

// Exit code 1 and exactly one line on stderr (captured with stdout) starting with `prefix`.
void expect_one_line_error(const std::string& cmd, const std::string& expected) {
  std::string out;
  int rc = run(cmd, &out);
  EXPECT_EQ(rc, 1) << cmd << "\n" << out;
  EXPECT_EQ(out, expected + "\n") << cmd;
}

}  // namespace

TEST(TokenizerCli, TrainEncodeDecodeRoundTrip) {
  std::string dir = embedlab_test::temp_dir();
  std::string corpus = dir + "/c.txt", tok = dir + "/c.tok", dump = dir + "/c.vocab";
  std::string text;
  for (int i = 0; i < 200; i++) text += "the king and the queen walked to the market. ";
  embedlab_test::write_text(corpus, text);
  std::string out;
  ASSERT_EQ(run(cli() + " train-tokenizer --quiet --corpus " + corpus +
                    " --vocab-size 280 --special '<|endoftext|>' --out " + tok + " --dump " + dump,
                &out),
            0)
      << out;
  EXPECT_NE(out.find("23 merges learned"), std::string::npos) << out;
  EXPECT_NE(embedlab_test::read_text(dump).find("] -> ["), std::string::npos);
  embedlab_test::write_text(dir + "/in.txt", "the queen walked\xff\xfe home");
  ASSERT_EQ(run(cli() + " encode --tokenizer " + tok + " " + dir + "/in.txt > " + dir + "/ids.txt", &out), 0) << out;
  ASSERT_EQ(run(cli() + " decode --tokenizer " + tok + " " + dir + "/ids.txt > " + dir + "/back.txt", &out), 0) << out;
  EXPECT_EQ(embedlab_test::read_text(dir + "/back.txt"), "the queen walked\xff\xfe home");
}

TEST(TokenizerCli, BadInputGivesOneLineAndExitOne) {
  std::string dir = embedlab_test::temp_dir();
  embedlab_test::write_text(dir + "/empty.txt", "");
  embedlab_test::write_text(dir + "/abab.txt", "abab");
  expect_one_line_error(cli() + " train-tokenizer --corpus " + dir + "/missing.txt --out " + dir + "/x.tok",
                        "embedlab train-tokenizer: " + dir + "/missing.txt: cannot open: No such file or directory");
  expect_one_line_error(cli() + " train-tokenizer --corpus " + dir + "/empty.txt --out " + dir + "/x.tok",
                        "embedlab train-tokenizer: " + dir + "/empty.txt: the corpus is empty");
  expect_one_line_error(cli() + " train-tokenizer --quiet --pattern none --corpus " + dir + "/abab.txt --vocab-size 100 --out " + dir + "/x.tok",
                        "embedlab train-tokenizer: " + dir + "/abab.txt: --vocab-size 100: expected at least 256 (the bytes) + 0 special tokens");
  expect_one_line_error(cli() + " train-tokenizer --quiet --pattern none --corpus " + dir + "/abab.txt --vocab-size 9999 --out " + dir + "/x.tok",
                        "embedlab train-tokenizer: " + dir + "/abab.txt: --vocab-size 9999 is more than this corpus can give: only 2 merges were possible (vocab size 258)");
  // A tokenizer file, truncated and corrupted.
  std::string out;
  ASSERT_EQ(run(cli() + " train-tokenizer --quiet --pattern none --corpus " + dir + "/abab.txt --vocab-size 259 --special '<|endoftext|>' --out " + dir + "/t.tok", &out), 0) << out;
  std::string good = embedlab_test::read_text(dir + "/t.tok");
  embedlab_test::write_text(dir + "/trunc.tok", good.substr(0, good.size() / 2));
  std::string flip = good;
  flip[good.find("97 98")] = '8';
  embedlab_test::write_text(dir + "/flip.tok", flip);
  expect_one_line_error(cli() + " encode --tokenizer " + dir + "/trunc.tok /dev/null",
                        "embedlab encode: " + dir + "/trunc.tok:5: expected a merge 'a b'");
  expect_one_line_error(cli() + " encode --tokenizer " + dir + "/flip.tok /dev/null",
                        "embedlab encode: " + dir + "/flip.tok:9: checksum mismatch: the file is corrupted");
  // Decoding an unknown id or a word that is not a number; a refused special token.
  embedlab_test::write_text(dir + "/ids.txt", "97 98 4000");
  expect_one_line_error(cli() + " decode --tokenizer " + dir + "/t.tok " + dir + "/ids.txt",
                        "embedlab decode: " + dir + "/ids.txt: unknown token id 4000 at position 2 (the vocabulary has ids 0 to 258)");
  embedlab_test::write_text(dir + "/ids2.txt", "97 x9");
  expect_one_line_error(cli() + " decode --tokenizer " + dir + "/t.tok " + dir + "/ids2.txt",
                        "embedlab decode: " + dir + "/ids2.txt: 'x9' is not a token id (expected a whole number)");
  embedlab_test::write_text(dir + "/sp.txt", "ab<|endoftext|>");
  expect_one_line_error(cli() + " encode --tokenizer " + dir + "/t.tok " + dir + "/sp.txt",
                        "embedlab encode: " + dir + "/sp.txt: the text contains the special token <|endoftext|> at byte 2, which is not allowed (--allow-special encodes it as id 258, --special-as-text as plain text)");
  ASSERT_EQ(run(cli() + " encode --allow-special --tokenizer " + dir + "/t.tok " + dir + "/sp.txt", &out), 0);
  EXPECT_EQ(out, "256 258\n");
}

TEST(TokenizerCli, Gpt2WithoutItsFilesSaysToRunMakeGpt2) {
  // Run from an empty folder, where build/gpt2/ does not exist.
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  const std::string dir = embedlab_test::temp_dir();
  expect_one_line_error("cd " + dir + " && echo hi | " + std::string(cwd) + "/" + cli() +
                            " encode --tokenizer gpt2",
                        "embedlab encode: GPT-2's files are not in build/gpt2/ (run 'make gpt2' "
                        "to fetch them)");
}
