// The Zipf benchmark text: deterministic, exactly the size asked, prefixes of each
// other, Zipf-distributed, and with enough distinct words for BPE to 32,768 tokens.
#include "text/zipf_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>


using namespace embedlab;

namespace {

std::string text_or_die(uint64_t seed, int64_t bytes, int lexicon = kZipfLexicon) {
  std::string t;
  Status s = zipf_text(&t, seed, bytes, lexicon);
  EXPECT_TRUE(s.ok()) << s.message();
  return t;
}

std::map<std::string, int64_t> word_counts(const std::string& text) {
  std::map<std::string, int64_t> count;
  std::string w;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      w += c;
    } else if (!w.empty()) {
      count[w]++;
      w.clear();
    }
  }
  return count;
}

}  // namespace

TEST(ZipfText, SameSeedSameBytesExactSizeAndPrefixes) {
  const std::string a = text_or_die(kZipfSeed, 300000), b = text_or_die(kZipfSeed, 300000);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 300000u);
  const std::string small = text_or_die(kZipfSeed, 5000);
  EXPECT_EQ(a.compare(0, small.size(), small), 0);  // a shorter text is a prefix
  EXPECT_NE(text_or_die(kZipfSeed + 1, 5000), small);
  // Lowercase letters, spaces, ", ", ". " and line breaks only.
  EXPECT_EQ(a.find_first_not_of("abcdefghijklmnopqrstuvwxyz ,.\n"), std::string::npos);
}

// Zipf's law with exponent 1: the word of rank r has weight floor(2^40 / r), so the
// most frequent word comes about twice as often as the second and ten times as often
// as the tenth. With ~65,000 words drawn, the first count is ~5,000 and the second
// ~2,500; their sampling error is ~2%, so 10% is a safe tolerance.
TEST(ZipfText, FrequenciesFollowOneOverRank) {
  const auto count = word_counts(text_or_die(kZipfSeed, 400000));
  std::vector<int64_t> n;
  for (const auto& kv : count) n.push_back(kv.second);
  std::sort(n.rbegin(), n.rend());
  ASSERT_GE(n.size(), 10u);
  EXPECT_NEAR(double(n[0]) / double(n[1]), 2.0, 0.2);
  EXPECT_NEAR(double(n[0]) / double(n[9]), 10.0, 1.0);
}

// What the bench relies on: 1 MB holds tens of thousands of distinct words (BPE to
// 32,768 tokens needs at least 32,512 merges, about one per distinct word), while a
// 10-word lexicon gives 10.
TEST(ZipfText, LargeLexiconGivesManyDistinctWords) {
  EXPECT_GT(word_counts(text_or_die(kZipfSeed, 1000000)).size(), 40000u);
  EXPECT_EQ(word_counts(text_or_die(kZipfSeed, 100000, 10)).size(), 10u);
}

TEST(ZipfText, SizeAndLexiconOutOfRangeAreNamed) {
  std::string t;
  EXPECT_EQ(zipf_text(&t, 1, 999).message(),
            "zipf text: size 999 bytes, expected 1000 to 268435456");
  EXPECT_EQ(zipf_text(&t, 1, 5000, 0).message(),
            "zipf text: lexicon 0 words, expected 1 to 1000000");
}
