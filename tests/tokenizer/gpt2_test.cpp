// GPT-2's real vocabulary (build/gpt2/, fetched by `make gpt2`; skipped when absent).
#include <gtest/gtest.h>

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
