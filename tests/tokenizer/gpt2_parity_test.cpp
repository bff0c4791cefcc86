// GPT-2 parity: our Tokenizer, loaded from GPT-2's files, gives the reference
// tokenizer's ids (tiktoken 1.0.22, stored in tests/fixtures/gpt2_parity*.txt by
// tests/fixtures/make_gpt2_fixtures.mjs). Skipped when build/gpt2 is absent.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>

#include "gpt2_fixture.h"
#include "test_util.h"
#include "text/byte_unicode.h"
#include "tokenizer/tokenizer.h"

using namespace embedlab;

namespace {

// Every fixture file: gpt2_parity.txt and one gpt2_parity_NAME.txt per corpus file.
std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  if (DIR* d = opendir("tests/fixtures")) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.rfind("gpt2_parity", 0) == 0 && name.size() > 4 &&
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
  return "id " + std::to_string(ids[at]) + " '" + bytes_to_display(tok.token_bytes(ids[at])) + "'";
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
  for (const std::string& path : fixture_files()) {
    embedlab_test::Gpt2Fixture f;
    Status s = embedlab_test::read_gpt2_fixture(path, &f);
    ASSERT_TRUE(s.ok()) << s.message();
    for (const auto& c : f.cases) {
      std::vector<int32_t> ids;
      // tiktoken ran encode(text, [], []): special-token text is ordinary text.
      s = tok->encode(c.text, &ids, SpecialPolicy::kAsText);
      ASSERT_TRUE(s.ok()) << path << " " << c.name << ": " << s.message();
      if (ids != c.ids) {
        size_t at = 0;
        while (at < ids.size() && at < c.ids.size() && ids[at] == c.ids[at]) at++;
        ADD_FAILURE() << path << " case " << c.name << ": first difference at token " << at
                      << ": ours " << describe(*tok, ids, at) << ", tiktoken "
                      << describe(*tok, c.ids, at);
      }
      cases++;
      tokens += c.ids.size();
    }
  }
  EXPECT_GT(cases, 3000u);
  EXPECT_GT(tokens, 50000u);
}
