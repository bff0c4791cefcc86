// Parity: our Tokenizer, loaded from GPT-2's files or from tiktoken's rank files for
// cl100k_base and o200k_base, gives the reference tokenizer's ids (tiktoken 1.0.22,
// stored in tests/fixtures/{gpt2,cl100k_base,o200k_base}_parity*.txt by
// tests/fixtures/make_gpt2_fixtures.mjs). Skipped when the files are absent.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>

#include "gpt2_fixture.h"
#include "test_util.h"
#include "text/byte_unicode.h"
#include "tokenizer/tokenizer.h"

using namespace embedlab;

namespace {

// Every fixture file of one encoding: PREFIX.txt and one PREFIX_NAME.txt per corpus file.
std::vector<std::string> fixture_files(const std::string& prefix = "gpt2_parity") {
  std::vector<std::string> files;
  if (DIR* d = opendir("tests/fixtures")) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.rfind(prefix, 0) == 0 && name.size() > 4 &&
          name.compare(name.size() - 4, 4, ".txt") == 0)
        files.push_back("tests/fixtures/" + name);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "id 995 ' world'" for a failure message.
std::string describe(const Tokenizer& tok, const std::vector<int32_t>& ids, size_t at) {
  if (at >= ids.size()) return "(end)";
  if (ids[at] < 0 || ids[at] >= tok.vocab_size()) return "id " + std::to_string(ids[at]);
  return "id " + std::to_string(ids[at]) + " '" + bytes_to_display(tok.token_bytes(ids[at])) + "'";
}

// Encodes every case of every fixture file of `encoding` and compares the ids with
// tiktoken's; *cases and *tokens count what was compared.
void expect_fixture_parity(const Tokenizer& tok, const std::string& encoding, size_t* cases,
                           size_t* tokens) {
  const std::vector<std::string> files = fixture_files(encoding + "_parity");
  ASSERT_FALSE(files.empty()) << "no tests/fixtures/" << encoding << "_parity*.txt";
  for (const std::string& path : files) {
    embedlab_test::Gpt2Fixture f;
    Status s = embedlab_test::read_gpt2_fixture(path, &f);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(f.encoding, encoding) << path;
    EXPECT_EQ(f.tiktoken_version, "1.0.22") << path;
    for (const auto& c : f.cases) {
      std::vector<int32_t> ids;
      // tiktoken ran encode(text, [], []): special-token text is ordinary text.
      s = tok.encode(c.text, &ids, SpecialPolicy::kAsText);
      ASSERT_TRUE(s.ok()) << path << " " << c.name << ": " << s.message();
      if (ids != c.ids) {
        size_t at = 0;
        while (at < ids.size() && at < c.ids.size() && ids[at] == c.ids[at]) at++;
        ADD_FAILURE() << path << " case " << c.name << ": first difference at token " << at
                      << ": ours " << describe(tok, ids, at) << ", tiktoken "
                      << describe(tok, c.ids, at);
      }
      // And back: tiktoken's ids decode to the text.
      std::string back;
      s = tok.decode(c.ids, &back);
      ASSERT_TRUE(s.ok()) << path << " " << c.name << ": " << s.message();
      EXPECT_EQ(back, c.text) << path << " " << c.name;
      (*cases)++;
      *tokens += c.ids.size();
    }
  }
}

}  // namespace

TEST(Gpt2Parity, FixturesArePresent) {
  std::vector<std::string> files = fixture_files();
  // The built-in cases plus the two corpus files named in make_gpt2_fixtures.mjs.
  EXPECT_GE(files.size(), 3u);
  EXPECT_NE(std::find(files.begin(), files.end(), "tests/fixtures/gpt2_parity.txt"), files.end());
}

TEST(Gpt2Parity, EveryFixtureCaseGivesTiktokensIds) {
  EMBEDLAB_REQUIRE_GPT2(tok);
  size_t cases = 0, tokens = 0;
  expect_fixture_parity(*tok, "gpt2", &cases, &tokens);
  EXPECT_GT(cases, 3000u);
  EXPECT_GT(tokens, 50000u);
}

TEST(TiktokenParity, Cl100kEveryFixtureCaseGivesTiktokensIds) {
  EMBEDLAB_REQUIRE_TIKTOKEN(tok, "cl100k_base");
  size_t cases = 0, tokens = 0;
  expect_fixture_parity(*tok, "cl100k_base", &cases, &tokens);
  EXPECT_EQ(cases, 3010u);  // stress, 8 texts of one kind, 3000 random strings, the fox story
  EXPECT_GT(tokens, 30000u);
}

TEST(TiktokenParity, O200kEveryFixtureCaseGivesTiktokensIds) {
  EMBEDLAB_REQUIRE_TIKTOKEN(tok, "o200k_base");
  size_t cases = 0, tokens = 0;
  expect_fixture_parity(*tok, "o200k_base", &cases, &tokens);
  EXPECT_EQ(cases, 3010u);
  EXPECT_GT(tokens, 30000u);
}

// The special tokens and their ids, as the package lists them (the fixtures record
// them), and each one encodes as its id when allowed.
TEST(TiktokenParity, SpecialTokensAreThePackages) {
  for (const char* name : {"cl100k_base", "o200k_base"}) {
    SCOPED_TRACE(name);
    embedlab_test::Gpt2Fixture f;
    Status s = embedlab_test::read_gpt2_fixture(std::string("tests/fixtures/") + name + "_parity.txt", &f);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_FALSE(f.specials.empty());
    const Tokenizer* tok = embedlab_test::tiktoken_tokenizer(name);
    if (!tok) GTEST_SKIP() << "build/tiktoken/" << name << ".tiktoken is missing (run make tiktoken)";
    ASSERT_EQ(tok->specials().size(), f.specials.size());
    for (size_t i = 0; i < f.specials.size(); i++) {
      EXPECT_EQ(tok->specials()[i].text, f.specials[i].first);
      EXPECT_EQ(tok->specials()[i].id, f.specials[i].second);
      std::vector<int32_t> ids;
      ASSERT_TRUE(tok->encode("a" + f.specials[i].first + "b", &ids, SpecialPolicy::kAllow).ok());
      EXPECT_EQ(ids, (std::vector<int32_t>{64, f.specials[i].second, 65}));  // "a" 64, "b" 65
    }
    // One past the last special: the vocabulary ends there (tiktoken's n_vocab).
    EXPECT_EQ(tok->vocab_size(), f.specials.back().second + 1);
  }
}
