#include "tokenizer/pretokenize.h"

#include <gtest/gtest.h>

using namespace embedlab;

static std::vector<std::string> split(Pattern p, const std::string& s) {
  std::vector<std::string_view> v;
  pretokenize(p, s, &v);
  return std::vector<std::string>(v.begin(), v.end());
}

TEST(Pretokenize, Gpt2SplitsWordsContractionsNumbersAndSpaces) {
  // Hand-derived from the pattern: the space before "2024" joins it; the run of
  // two spaces gives " " to the next word's alternative, keeping one for itself.
  EXPECT_EQ(split(Pattern::kGpt2, "Hello world's  2024!!"),
            (std::vector<std::string>{"Hello", " world", "'s", " ", " 2024", "!!"}));
  // "\s+(?!\S)" backs off one character before a non-space, so "\n\n" before
  // "b" splits into "\n" and "\n"; trailing spaces stay one piece.
  EXPECT_EQ(split(Pattern::kGpt2, "a\n\nb  "),
            (std::vector<std::string>{"a", "\n", "\n", "b", "  "}));
}

TEST(Pretokenize, InvalidUtf8BytesBecomeTheirOwnPieces) {
  std::string s = "ab\xff\xfe cd";
  auto v = split(Pattern::kGpt2, s);
  EXPECT_EQ(v, (std::vector<std::string>{"ab", "\xff\xfe", " cd"}));
}

TEST(Pretokenize, NoneKeepsOnePiece) {
  EXPECT_EQ(split(Pattern::kNone, "aaabdaaabac"), (std::vector<std::string>{"aaabdaaabac"}));
  EXPECT_TRUE(split(Pattern::kNone, "").empty());
}

TEST(Pretokenize, UnknownPatternNameIsAnError) {
  Pattern p;
  Status s = parse_pattern("gpt4", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown pattern 'gpt4', expected gpt2 or none");
}
