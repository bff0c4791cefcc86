#include "explore/word2vec_file.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "explore/export.h"
#include "test_util.h"

using namespace embedlab;

namespace {

// The fixture table: 3 words, C = 2.
const std::vector<std::string> kW2vWords = {"cat", "dog", "caf\xc3\xa9"};
const std::vector<float> kW2vTable = {0.5f, -1.25f, 3.0f, 1e-3f, -0.0f, 42.0f};

// word2vec's binary form written by hand: "V C\n", then per word its bytes, a space,
// C little-endian float32 and (with `newline`) a '\n'.
std::string w2v_binary(const std::vector<std::string>& words, const std::vector<float>& E, int C,
                       bool newline) {
  std::string out = std::to_string(words.size()) + " " + std::to_string(C) + "\n";
  for (size_t n = 0; n < words.size(); n++) {
    out += words[n] + " ";
    for (int c = 0; c < C; c++) {
      uint32_t u;
      std::memcpy(&u, &E[n * size_t(C) + size_t(c)], 4);
      for (int b = 0; b < 4; b++) out += char((u >> (8 * b)) & 0xff);
    }
    if (newline) out += "\n";
  }
  return out;
}

void expect_same(const VocabVectors& a, const VocabVectors& b) {
  ASSERT_EQ(a.V(), b.V());
  ASSERT_EQ(a.C(), b.C());
  EXPECT_EQ(a.tokens(), b.tokens());
  EXPECT_EQ(std::memcmp(a.table(), b.table(), sizeof(float) * size_t(a.V()) * size_t(a.C())), 0);
}

std::string w2v_error(const std::string& bytes) {
  VocabVectors vv;
  return parse_word2vec(&vv, bytes, "v.w2v").message();
}

}  // namespace

TEST(Word2vecFile, TextAndBinaryOfTheSameTableAgree) {
  // The text form as gensim writes it (%g-like numbers), fastText's trailing space too.
  const std::string text = "3 2\ncat 0.5 -1.25\ndog 3 0.001 \ncaf\xc3\xa9 -0 4.2e1\n";
  VocabVectors t, b1, b2;
  ASSERT_TRUE(parse_word2vec(&t, text, "t.txt").ok());
  EXPECT_FALSE(word2vec_is_binary(text));
  for (bool newline : {false, true}) {
    const std::string bin = w2v_binary(kW2vWords, kW2vTable, 2, newline);
    EXPECT_TRUE(word2vec_is_binary(bin));
    VocabVectors& b = newline ? b2 : b1;
    Status s = parse_word2vec(&b, bin, "t.bin");
    ASSERT_TRUE(s.ok()) << s.message();
  }
  expect_same(t, b1);
  expect_same(t, b2);
  EXPECT_EQ(t.tokens(), kW2vWords);  // plain words stay as written, é included
  EXPECT_EQ(t.find_word("dog"), 1);
  EXPECT_EQ(t.row(1)[1], 1e-3f);  // strtod then float: the nearest float32, as the writer's
}

TEST(Word2vecFile, ReadsBackWhatExportWroteWithTokenBytes) {
  // export.h spells " king" as "Ġking" and "\n" as "Ċ"; the reader maps them back.
  const std::vector<std::string> tokens = {" king", "\n", "ing"};
  const std::vector<float> E = {1, 2, 3, 4, 5, 6};
  const std::string path = embedlab_test::temp_dir() + "/export.w2v";
  ASSERT_TRUE(save_word2vec_text(path, E, tokens, 2).ok());
  VocabVectors vv;
  Status s = read_word2vec(&vv, path);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(vv.tokens(), tokens);
  EXPECT_EQ(vv.find_word("king"), 0);
  EXPECT_EQ(vv.row(2)[1], 6.0f);
}

TEST(Word2vecFile, BadHeaderIsNamed) {
  EXPECT_EQ(w2v_error(""), "v.w2v:1: expected a header 'V C' (how many words, how many numbers "
                           "each; whole numbers from 1), got ''");
  EXPECT_EQ(w2v_error("3\ncat 1\n"), "v.w2v:1: expected a header 'V C' (how many words, how many "
                                     "numbers each; whole numbers from 1), got '3'");
  EXPECT_EQ(w2v_error("0 2\n"), "v.w2v:1: expected a header 'V C' (how many words, how many "
                                "numbers each; whole numbers from 1), got '0 2'");
  EXPECT_EQ(w2v_error("2 99999999999\n"),
            "v.w2v:1: expected a header 'V C' (how many words, how many numbers each; whole "
            "numbers from 1), got '2 99999999999'");
}

TEST(Word2vecFile, MalformedTextNamesLineAndProblem) {
  EXPECT_EQ(w2v_error("2 2\ncat 1 2\ndog 3\n"),
            "v.w2v:3: expected 2 numbers after the word 'dog', got 1");
  EXPECT_EQ(w2v_error("2 2\ncat 1 2 3\ndog 3 4\n"),
            "v.w2v:2: expected 2 numbers after the word 'cat', got 3");
  EXPECT_EQ(w2v_error("2 2\ncat 1 2\ndog 3 4x\n"), "v.w2v:3: value 2 '4x' is not a number");
  EXPECT_EQ(w2v_error("2 2\ncat 1 nan\ndog 3 4\n"), "v.w2v:2: value 2 'nan' is not a finite float32");
  EXPECT_EQ(w2v_error("2 2\ncat 1 2\ndog 1e39 4\n"),
            "v.w2v:3: value 1 '1e39' is not a finite float32");  // beyond float32's range
  EXPECT_EQ(w2v_error("3 2\ncat 1 2\ndog 3 4\n"),
            "v.w2v: the header says 3 words, but the file holds 2");
  EXPECT_EQ(w2v_error("1 2\ncat 1 2\ndog 3 4\n"),
            "v.w2v:3: the header says 1 words, but more lines follow");
}

TEST(Word2vecFile, MalformedBinaryNamesWordAndProblem) {
  const std::string good = w2v_binary(kW2vWords, kW2vTable, 2, true);
  // Cut inside the third word's floats: "café " then 3 of its 8 bytes.
  const size_t third = good.find("caf\xc3\xa9 ") + 6;
  EXPECT_EQ(w2v_error(good.substr(0, third + 3)),
            "v.w2v: word 3 of 3 ('caf\\xC3\\xA9'): the file ends after 3 of its 8 bytes of floats");
  EXPECT_EQ(w2v_error(good.substr(0, third - 6)),
            "v.w2v: word 3 of 3: the file ends before the word and its space");
  // The header promises more words than there are.
  EXPECT_EQ(w2v_error("4 2" + good.substr(3)),
            "v.w2v: word 4 of 4: the file ends before the word and its space");
  EXPECT_EQ(w2v_error("2 2" + good.substr(3)),
            "v.w2v: the header says 2 words, but more bytes follow the last one");
  // A non-finite value: +infinity is 0x7f800000.
  std::vector<float> inf_table = kW2vTable;
  const uint32_t inf_bits = 0x7f800000u;
  std::memcpy(&inf_table[3], &inf_bits, 4);
  EXPECT_EQ(w2v_error(w2v_binary(kW2vWords, inf_table, 2, false)),
            "v.w2v: word 2 of 3 ('dog'): value 2 is not finite");
}

TEST(Word2vecFile, MissingFileIsNamed) {
  VocabVectors vv;
  const std::string path = embedlab_test::temp_dir() + "/nosuch.bin";
  EXPECT_EQ(read_word2vec(&vv, path).message(), path + ": cannot open: No such file or directory");
}
