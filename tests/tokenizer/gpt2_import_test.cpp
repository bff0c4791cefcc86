// The GPT-2 importer on small hand-made files (the real ones: gpt2_test.cpp):
// Tokenizer::parse_gpt2 reads encoder.json and vocab.bpe from bytes, and each bad
// input gets a one-line message naming the file and the place.
#include <gtest/gtest.h>

#include "text/byte_unicode.h"
#include "tokenizer/tokenizer.h"

using namespace embedlab;

namespace {

// encoder.json with the 256 bytes in identity order (each as GPT-2's stand-in
// character), then `extra` entries such as "\"he\": 256".
std::string encoder_json(const std::string& extra) {
  std::string j = "{";
  for (int b = 0; b < 256; b++) {
    std::string shown = bytes_to_display(std::string(1, char(b)));
    if (shown == "\"" || shown == "\\") shown = "\\" + shown;
    j += (b ? ", \"" : "\"") + shown + "\": " + std::to_string(b);
  }
  return j + (extra.empty() ? "" : ", " + extra) + "}";
}

Status parse(const std::string& json, const std::string& bpe, Tokenizer* t) {
  return Tokenizer::parse_gpt2(json, "encoder.json", bpe, "vocab.bpe", t);
}

}  // namespace

TEST(Gpt2Import, ParsesTheTwoFilesFromBytes) {
  Tokenizer t;
  Status s = parse(encoder_json("\"he\": 256, \"\\u0120he\": 257, \"<|endoftext|>\": 258"),
                   "#version: 0.2\nh e\n\xC4\xA0 he\n", &t);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(t.vocab_size(), 259);
  std::vector<int32_t> ids;
  ASSERT_TRUE(t.encode("he he<|endoftext|>", &ids, SpecialPolicy::kAllow).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{256, 257, 258}));
}

TEST(Gpt2Import, AnIdOfMoreThanNineDigitsIsRefused) {
  // 4294967554 = 2^32 + 258 was read as a long and cast to 258: a wrong file loaded.
  const std::string json = encoder_json("\"he\": 256, \"<|endoftext|>\": 4294967554");
  Tokenizer t;
  EXPECT_EQ(parse(json, "h e\n", &t).message(),
            "encoder.json: byte " + std::to_string(json.find("4294967554") + 10) +
                ": expected a token id of 1 to 9 digits");
}

TEST(Gpt2Import, ANegativeIdIsRefused) {
  const std::string json = encoder_json("\"he\": -256");
  Tokenizer t;
  EXPECT_EQ(parse(json, "h e\n", &t).message(),
            "encoder.json: byte " + std::to_string(json.find("-256")) +
                ": expected a token id of 1 to 9 digits");
}

TEST(Gpt2Import, AMergeLineErrorNamesItsLine) {
  Tokenizer t;
  // A '\r' (Windows line ends) is no GPT-2 character.
  EXPECT_EQ(parse(encoder_json("\"he\": 256"), "#version: 0.2\nh e\r\n", &t).message(),
            "vocab.bpe:2: character U+000D at byte 1 is not one of GPT-2's 256 byte characters");
  EXPECT_EQ(parse(encoder_json("\"he\": 256"), "#version: 0.2\nh e\nh x\n", &t).message(),
            "vocab.bpe:3: merge 'h x' uses a token missing from encoder.json");
  EXPECT_EQ(parse(encoder_json("\"he\": 300"), "h e\n", &t).message(),
            "vocab.bpe:1: merge 'h e' makes id 300 in encoder.json, expected 256 (256 + its rank)");
  EXPECT_EQ(parse(encoder_json("\"he\": 256"), "h e\nh e x\n", &t).message(),
            "vocab.bpe:2: expected a merge 'left right'");
}
