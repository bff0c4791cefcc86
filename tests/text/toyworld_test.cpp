#include "text/toyworld.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "test_util.h"
#include "util/file.h"

using namespace embedlab;

namespace {

// The default corpus, generated once for the whole file.
const std::string& default_text() {
  static const std::string text = [] {
    std::string t;
    Status s = toyworld_text(&t, kToyworldSeed, kToyworldBytes);
    EXPECT_TRUE(s.ok()) << s.message();
    return t;
  }();
  return text;
}

// The text as whole words (runs of a-z); punctuation and spaces separate them.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      w += c;
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

std::set<std::string> family_words() {
  std::set<std::string> all;
  for (const WordFamily& f : toyworld_families())
    for (const auto& p : f.pairs) {
      all.insert(p.first);
      all.insert(p.second);
    }
  return all;
}

using embedlab_test::cli;

}  // namespace

TEST(Toyworld, SameSeedSameBytesOtherSeedOtherText) {
  std::string a, b, c;
  ASSERT_TRUE(toyworld_text(&a, 7, 200000).ok());
  ASSERT_TRUE(toyworld_text(&b, 7, 200000).ok());
  ASSERT_TRUE(toyworld_text(&c, 8, 200000).ok());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_GE(a.size(), 200000u);
}

TEST(Toyworld, DefaultTextEqualsCommittedCorpus) {
  // Tests run from the project root. A change to the generator must come with
  // `make corpus` and the new corpus/toyworld.txt committed.
  std::string committed;
  ASSERT_TRUE(read_file("corpus/toyworld.txt", &committed).ok());
  ASSERT_EQ(committed.size(), default_text().size());
  EXPECT_TRUE(committed == default_text());
}

TEST(Toyworld, DefaultSizeIsBetweenOneAndFiveMegabytes) {
  EXPECT_GE(default_text().size(), 1000000u);
  EXPECT_LE(default_text().size(), 5000000u);
}

TEST(Toyworld, IsLowercaseAsciiLinesThatStartWithNoFamilyWord) {
  const std::string& t = default_text();
  for (char c : t) ASSERT_TRUE((c >= 'a' && c <= 'z') || c == ' ' || c == ',' || c == '.' ||
                               c == '\n') << "unexpected byte " << int(c);
  // A word at the start of a line has no leading space, so BPE would see a
  // second form of it (" king" vs "king").
  std::set<std::string> fam = family_words();
  std::istringstream lines(t);
  std::string line;
  while (std::getline(lines, line)) {
    std::string first = line.substr(0, line.find_first_of(" ,."));
    ASSERT_EQ(fam.count(first), 0u) << line;
  }
}

TEST(Toyworld, EveryFamilyWordOccursAtLeast200Times) {
  std::map<std::string, int> count;
  for (const std::string& w : words_of(default_text())) count[w]++;
  std::set<std::string> need = family_words();
  for (const std::string& n : toyworld_unrelated_nouns()) need.insert(n);
  for (const std::string& w : need) EXPECT_GE(count[w], 200) << w;
  // A modest vocabulary, so BPE at 4096 tokens gives every family word its own token.
  EXPECT_LT(count.size(), 1500u);
}

TEST(Toyworld, FamilyWordsAreAlwaysFollowedByTheirRecipe) {
  // The design rule: a family word is followed only by phrases of its own
  // features, never by a word of some other template.
  std::set<std::string> fam = family_words();
  for (const std::string& n : toyworld_unrelated_nouns()) fam.insert(n);
  std::map<std::string, std::set<std::string>> allowed;
  for (const std::string& w : fam) {
    std::vector<std::string> next = toyworld_next_words(w);
    ASSERT_FALSE(next.empty()) << w;
    allowed[w] = std::set<std::string>(next.begin(), next.end());
  }
  std::vector<std::string> words = words_of(default_text());
  for (size_t i = 0; i + 1 < words.size(); i++) {
    auto it = allowed.find(words[i]);
    if (it == allowed.end()) continue;
    ASSERT_EQ(it->second.count(words[i + 1]), 1u)
        << "'" << words[i] << "' followed by '" << words[i + 1] << "' at word " << i;
  }
}

TEST(Toyworld, NextWordsShowTheRelationMarkers) {
  // king and queen differ by gender (trusted / polished ...), king and man by rank
  // (ruled / worked), cat and cats by number (was / were), walk and walked by tense.
  auto has = [](const std::string& w, const std::string& next) {
    std::vector<std::string> v = toyworld_next_words(w);
    return std::find(v.begin(), v.end(), next) != v.end();
  };
  EXPECT_TRUE(has("king", "trusted") && has("king", "ruled") && has("king", "was"));
  EXPECT_TRUE(has("queen", "polished") && !has("queen", "trusted"));
  EXPECT_TRUE(has("man", "worked") && !has("man", "ruled"));
  EXPECT_TRUE(has("cats", "were") && !has("cats", "was") && has("cats", "purred"));
  EXPECT_TRUE(has("walked", "yesterday") && has("walk", "every") && has("walked", "along"));
  EXPECT_TRUE(toyworld_next_words("miller").empty());
}

TEST(Toyworld, AnalogiesCoverEveryFamilyWithAllPairCombinations) {
  std::istringstream in(toyworld_analogies());
  std::map<std::string, int> questions;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind(": ", 0) == 0) {
      section = line.substr(2);
      questions[section] = 0;
      continue;
    }
    std::istringstream ws(line);
    std::string a, b, c, d, extra;
    ASSERT_TRUE(ws >> a >> b >> c >> d) << line;
    ASSERT_FALSE(ws >> extra) << line;
    ASSERT_FALSE(section.empty());
    questions[section]++;
  }
  ASSERT_EQ(questions.size(), toyworld_families().size());
  for (const WordFamily& f : toyworld_families()) {
    int n = int(f.pairs.size());
    EXPECT_EQ(questions[f.name], n * (n - 1)) << f.name;  // ordered pairs of distinct pairs
  }
  EXPECT_EQ(questions["gender"], 14 * 13);
}

TEST(Toyworld, CommittedAnalogiesEqualGenerated) {
  std::string committed;
  ASSERT_TRUE(read_file("corpus/toyworld-analogies.txt", &committed).ok());
  EXPECT_EQ(committed, toyworld_analogies());
}

TEST(Toyworld, SizeOutsideTheRangeIsBadInput) {
  std::string t;
  Status s = toyworld_text(&t, 1, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--size 0 is outside"), std::string::npos) << s.message();
  EXPECT_FALSE(toyworld_text(&t, 1, kToyworldMaxBytes + 1).ok());
}

TEST(Toyworld, CliWritesTextAndAnalogies) {
  std::string dir = embedlab_test::temp_dir(), out;
  std::string cmd = cli() + " make-corpus --out " + dir + "/t.txt --seed 3 --size 5000" +
                    " --analogies " + dir + "/a.txt";
  ASSERT_EQ(embedlab_test::run(cmd, &out), 0) << out;
  std::string want;
  ASSERT_TRUE(toyworld_text(&want, 3, 5000).ok());
  EXPECT_EQ(embedlab_test::read_text(dir + "/t.txt"), want);
  EXPECT_EQ(embedlab_test::read_text(dir + "/a.txt"), toyworld_analogies());
}

TEST(Toyworld, CliBadFlagsGiveOneLineErrorAndExit1) {
  std::string dir = embedlab_test::temp_dir(), out;
  const std::pair<std::string, std::string> cases[] = {
      {"--out " + dir + "/t.txt --size 0", "--size 0 is outside"},
      {"--out " + dir + "/t.txt --size 99999999999", "is outside"},
      {"--out " + dir + "/t.txt --size lots", "expected a whole number"},
      {"--out " + dir + "/t.txt --seed -4", "expected a number >= 0"},
      {"--size 5000", "--out FILE is required"},
      {"--out " + dir + "/no/such/dir/t.txt --size 5000", "no/such/dir"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(embedlab_test::run(cli() + " make-corpus " + args, &out), 1) << args;
    EXPECT_EQ(out.rfind("embedlab make-corpus: ", 0), 0u) << out;
    EXPECT_NE(out.find(message), std::string::npos) << out;
    EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line: " << out;
  }
}
