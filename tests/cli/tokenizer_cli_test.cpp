// The tokenizer commands through the process boundary: results and one-line errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include "test_util.h"
#include "util/file.h"

using embedlab_test::run;

namespace {

using embedlab_test::cli;

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
  // EMBEDLAB_DATA names an empty folder: no gpt2/ in it.
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  const std::string dir = embedlab_test::temp_dir();
  expect_one_line_error("cd " + dir + " && echo hi | EMBEDLAB_DATA=" + dir + " " +
                            std::string(cwd) + "/" + cli() + " encode --tokenizer gpt2",
                        "embedlab encode: GPT-2's files are not in " + dir + "/gpt2/ (run 'make "
                        "gpt2' in the project to fetch them, or set EMBEDLAB_DATA to the folder "
                        "that holds gpt2/)");
}

TEST(TokenizerCli, Gpt2IsFoundBesideTheProgramFromAnyFolder) {
  EMBEDLAB_REQUIRE_GPT2(tok);
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  std::string out;
  ASSERT_EQ(embedlab_test::run("cd " + embedlab_test::temp_dir() + " && printf 'Hello world' | " +
                                   std::string(cwd) + "/" + cli() + " encode --tokenizer gpt2",
                               &out),
            0)
      << out;
  EXPECT_EQ(out, "15496 995\n");  // tiktoken's ids for "Hello world"
}

TEST(TokenizerCli, TiktokenEncodingsWithoutTheirFilesSayToRunMakeTiktoken) {
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  const std::string dir = embedlab_test::temp_dir();
  for (const std::string name : {"cl100k_base", "o200k_base"})
    for (const char* cmd : {"encode", "decode"})
      expect_one_line_error("cd " + dir + " && echo 1 | EMBEDLAB_DATA=" + dir + " " +
                                std::string(cwd) + "/" + cli() + " " + cmd + " --tokenizer " +
                                name,
                            "embedlab " + std::string(cmd) + ": " + dir + "/tiktoken/" + name +
                                ".tiktoken is missing (run 'make tiktoken' to fetch " + name +
                                "'s ranks)");
}

TEST(TokenizerCli, TiktokenEncodingsEncodeAndDecode) {
  const std::string dir = embedlab_test::temp_dir();
  embedlab_test::write_text(dir + "/in.txt", "Hello world<|endoftext|>");
  // tiktoken 1.0.22: "Hello" " world" are 9906 1917 in cl100k_base, 13225 2375 in
  // o200k_base; <|endoftext|> is 100257 and 199999.
  const struct {
    const char* name;
    const char* ids;
  } cases[] = {{"cl100k_base", "9906 1917 100257\n"}, {"o200k_base", "13225 2375 199999\n"}};
  for (const auto& c : cases) {
    if (!embedlab::file_exists(std::string("build/tiktoken/") + c.name + ".tiktoken"))
      GTEST_SKIP() << "build/tiktoken/" << c.name << ".tiktoken is missing (run make tiktoken)";
    std::string out;
    ASSERT_EQ(run(cli() + " encode --allow-special --tokenizer " + c.name + " " + dir + "/in.txt", &out), 0) << out;
    EXPECT_EQ(out, c.ids);
    embedlab_test::write_text(dir + "/ids.txt", c.ids);
    ASSERT_EQ(run(cli() + " decode --tokenizer " + c.name + " " + dir + "/ids.txt", &out), 0) << out;
    EXPECT_EQ(out, "Hello world<|endoftext|>");
  }
  // An id in cl100k_base's gap before its special tokens.
  embedlab_test::write_text(dir + "/gap.txt", "9906 100256");
  expect_one_line_error(cli() + " decode --tokenizer cl100k_base " + dir + "/gap.txt",
                        "embedlab decode: " + dir + "/gap.txt: token id 100256 at position 1 is "
                        "unused: no token has it (the vocabulary skips it before a special token)");
}

TEST(TokenizerCli, TrainTokenizerWithTheGpt4Pattern) {
  // cl100k's pattern cuts numbers into pieces of at most 3 digits, so no merge can
  // make "1234"; GPT-2's keeps " 123456" whole, and its 8 most frequent pairs (600 or
  // more each, against 300 for "call") are all inside it.
  const std::string dir = embedlab_test::temp_dir();
  std::string text;
  for (int i = 0; i < 300; i++) text += "123456 123456 123456 call. ";
  embedlab_test::write_text(dir + "/c.txt", text);
  std::string out;
  for (const char* pattern : {"gpt4", "o200k", "gpt2"}) {
    const std::string tok = dir + "/" + pattern + ".tok", dump = dir + "/" + pattern + ".vocab";
    ASSERT_EQ(run(cli() + " train-tokenizer --quiet --pattern " + pattern + " --corpus " + dir +
                      "/c.txt --vocab-size 264 --out " + tok + " --dump " + dump, &out), 0) << out;
    const std::string file = embedlab_test::read_text(tok);
    EXPECT_EQ(file.substr(0, 21 + std::string(pattern).size() + 9),
              std::string("embedlab-tokenizer 1\npattern ") + pattern + "\n");
    const bool long_number = embedlab_test::read_text(dump).find("1234") != std::string::npos;
    EXPECT_EQ(long_number, std::string(pattern) == "gpt2") << pattern << "\n" << embedlab_test::read_text(dump);
    // It loads back and round-trips.
    embedlab_test::write_text(dir + "/in.txt", "call 98765 later");
    ASSERT_EQ(run(cli() + " encode --tokenizer " + tok + " " + dir + "/in.txt > " + dir + "/ids.txt", &out), 0) << out;
    ASSERT_EQ(run(cli() + " decode --tokenizer " + tok + " " + dir + "/ids.txt", &out), 0) << out;
    EXPECT_EQ(out, "call 98765 later");
  }
}

TEST(TokenizerCli, EncodeWritesALineOfIdsPerLineOfText) {
  // A tokenizer with no merges: each byte is its own id, so the expected lines are the
  // bytes' values ('a' 97, '\n' 10), written out by hand.
  const std::string dir = embedlab_test::temp_dir();
  embedlab_test::write_text(dir + "/c.txt", "abc");
  std::string out;
  ASSERT_EQ(run(cli() + " train-tokenizer --quiet --corpus " + dir + "/c.txt --vocab-size 256 --out " +
                    dir + "/bytes.tok", &out), 0) << out;
  embedlab_test::write_text(dir + "/in.txt", "ab\ncd\n\nef");
  const std::string encode = cli() + " encode --tokenizer " + dir + "/bytes.tok ";
  ASSERT_EQ(run(encode + dir + "/in.txt", &out), 0) << out;
  EXPECT_EQ(out, "97 98 10\n99 100 10\n10\n101 102\n");
  ASSERT_EQ(run(encode + "--per-line 4 " + dir + "/in.txt", &out), 0) << out;
  EXPECT_EQ(out, "97 98 10 99\n100 10 10 101\n102\n");
  // Either form decodes back to the text.
  ASSERT_EQ(run(encode + "--per-line 4 " + dir + "/in.txt > " + dir + "/ids.txt", &out), 0) << out;
  ASSERT_EQ(run(cli() + " decode --tokenizer " + dir + "/bytes.tok " + dir + "/ids.txt", &out), 0) << out;
  EXPECT_EQ(out, "ab\ncd\n\nef");
  expect_one_line_error(encode + "--per-line -1 " + dir + "/in.txt",
                        "embedlab encode: --per-line -1: expected a whole number from 0 to 2147483647");
}
