// GPT-2's real vocabulary (build/gpt2/, fetched by `make gpt2`; skipped when absent),
// and its file formats on small hand-made files (always run).
#include <gtest/gtest.h>

#include <cstdio>

#include "test_util.h"
#include "tokenizer/tokenizer.h"

using namespace embedlab;

TEST(Gpt2, VocabularyShape) {
  EMBEDLAB_REQUIRE_GPT2(tok);
  EXPECT_EQ(tok->vocab_size(), 50257);
  EXPECT_EQ(tok->num_merges(), 50000);
  ASSERT_EQ(tok->specials().size(), 1u);
  EXPECT_EQ(tok->specials()[0].id, 50256);
  EXPECT_EQ(tok->token_bytes(0), "!");  // encoder.json: "!": 0
  EXPECT_EQ(tok->token_bytes(220), " ");  // "\u0120": 220
}

TEST(Gpt2, KnownIds) {
  EMBEDLAB_REQUIRE_GPT2(tok);
  // Values published with GPT-2's encoder (and printed by tiktoken's gpt2 encoding).
  std::vector<int32_t> ids;
  ASSERT_TRUE(tok->encode("Hello world", &ids).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{15496, 995}));
  ids.clear();
  ASSERT_TRUE(tok->encode(" <|endoftext|>", &ids, SpecialPolicy::kAllow).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{220, 50256}));
  ids.clear();
  ASSERT_TRUE(tok->encode("\n\n", &ids).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{628}));  // "ĊĊ" is one token
}

TEST(Gpt2, SavedInOurFormatEncodesTheSame) {
  EMBEDLAB_REQUIRE_GPT2(tok);
  std::string path = embedlab_test::temp_dir() + "/gpt2.tok";
  ASSERT_TRUE(tok->save(path).ok());
  Tokenizer u;
  ASSERT_TRUE(Tokenizer::load(path, &u).ok());
  std::vector<int32_t> a, b;
  std::string text = "The quick brown fox's 2024 \xF0\x9F\xA6\x8A jumps!!\r\n\tover  the dog";
  ASSERT_TRUE(tok->encode(text, &a).ok());
  ASSERT_TRUE(u.encode(text, &b).ok());
  EXPECT_EQ(a, b);
}

// ---------------------------------------------------------------------------
// GPT-2's two file formats on a small hand-made pair of files: these run without
// `make gpt2`.

namespace {

bool gpt2_prints(int b) { return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174; }

// encoder.json's key for a byte token, written independently of the code under test:
// a printable byte is its own code point, the other 68 take U+0100, U+0101, ... in
// byte order; non-ASCII is escaped as \uXXXX like GPT-2's own file.
std::string gpt2_json_char(int byte, int* next_extra) {
  const int cp = gpt2_prints(byte) ? byte : (*next_extra)++;
  if (cp == '"') return "\\\"";
  if (cp == '\\') return "\\\\";
  if (cp < 128) return std::string(1, char(cp));
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", cp);
  return buf;
}

// Writes encoder.json (the 256 bytes in GPT-2's order: printable ones first; "Ġt" and
// "ab" with the given ids; "<|endoftext|>" 258; `extra` more entries) and vocab.bpe
// ("Ġ t", "a b"). Returns the folder.
std::string write_small_gpt2(int id_space_t = 256, int id_ab = 257, const std::string& extra = "") {
  std::string key[256];
  int next_extra = 256;
  for (int b = 0; b < 256; b++) key[b] = gpt2_json_char(b, &next_extra);
  std::string json = "{";
  int id = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int b = 0; b < 256; b++)
      if (gpt2_prints(b) == (pass == 0)) json += "\"" + key[b] + "\": " + std::to_string(id++) + ", ";
  json += "\"\\u0120t\": " + std::to_string(id_space_t) + ", \"ab\": " + std::to_string(id_ab) +
          ", \"<|endoftext|>\": 258" + extra + "}";
  const std::string dir = embedlab_test::temp_dir();
  embedlab_test::write_text(dir + "/encoder.json", json);
  embedlab_test::write_text(dir + "/vocab.bpe", "#version: 0.2\n\xC4\xA0 t\na b\n");
  return dir;
}

Status load_small(const std::string& dir, Tokenizer* t) {
  return Tokenizer::load_gpt2(dir + "/encoder.json", dir + "/vocab.bpe", t);
}

}  // namespace

TEST(Gpt2Import, SmallFilesGiveGpt2ByteOrderMergesAndSpecial) {
  const std::string dir = write_small_gpt2();
  Tokenizer t;
  Status s = load_small(dir, &t);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(t.vocab_size(), 259);
  // '!' (33) is the first printable byte: id 0; 'a' 97 - 33 = 64, 'b' 65, 't' 83.
  // ' ' is the 33rd unprintable byte, after the 188 printable ones: 188 + 32 = 220.
  EXPECT_EQ(t.byte_ids()['!'], 0);
  EXPECT_EQ(t.byte_ids()[' '], 220);
  EXPECT_EQ(t.merges(), (std::vector<std::pair<int32_t, int32_t>>{{220, 83}, {64, 65}}));
  std::vector<int32_t> ids;
  ASSERT_TRUE(t.encode(" tab<|endoftext|>", &ids, SpecialPolicy::kAllow).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{256, 257, 258}));  // " t" "ab" <|endoftext|>
  std::string back;
  ASSERT_TRUE(t.decode(ids, &back).ok());
  EXPECT_EQ(back, " tab<|endoftext|>");
}

TEST(Gpt2Import, MergeIdDisagreeingWithEncoderJsonIsAnError) {
  const std::string dir = write_small_gpt2(257, 256);  // "Ġt" and "ab" swapped
  Tokenizer t;
  EXPECT_EQ(load_small(dir, &t).message(),
            dir + "/vocab.bpe:2: merge '\xC4\xA0 t' makes id 257 in " + dir +
                "/encoder.json, expected 256 (256 + its rank)");
}

TEST(Gpt2Import, TokenThatNoMergeMakesIsAnError) {
  const std::string dir = write_small_gpt2(256, 257, ", \"xyz\": 259");
  Tokenizer t;
  EXPECT_EQ(load_small(dir, &t).message(),
            dir + "/encoder.json: has 260 tokens but the merges and specials make 259");
}

TEST(Gpt2Import, BadJsonNamesFileAndByte) {
  const std::string dir = write_small_gpt2();
  const std::string ej = dir + "/encoder.json";
  Tokenizer t;
  embedlab_test::write_text(ej, "{\"!\": 0, \"\\x\": 1}");
  EXPECT_EQ(load_small(dir, &t).message(), ej + ": byte 12: unknown escape");
  embedlab_test::write_text(ej, "[1, 2]");
  EXPECT_EQ(load_small(dir, &t).message(), ej + ": byte 0: expected '{'");
  embedlab_test::write_text(ej, "{\"a\": x}");
  EXPECT_EQ(load_small(dir, &t).message(), ej + ": byte 6: expected a token id of 1 to 9 digits");
  // A surrogate alone, high or low, is no character: byte 16 is just past its \uXXXX.
  embedlab_test::write_text(ej, "{\"!\": 0, \"\\ud800\": 1}");
  EXPECT_EQ(load_small(dir, &t).message(), ej + ": byte 16: unpaired surrogate");
  embedlab_test::write_text(ej, "{\"!\": 0, \"\\udc00\": 1}");
  EXPECT_EQ(load_small(dir, &t).message(), ej + ": byte 16: unpaired surrogate");
}
