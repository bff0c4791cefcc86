// `embedlab bench`: the JSON lines carry the agreed fields; skips say why. (Timings
// themselves are never asserted: speed is measured by make bench, not by tests.)
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "test_util.h"
#include "util/file.h"

using embedlab_test::build_dir;
using embedlab_test::run;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The JSON line whose name and path are these, or "".
std::string row(const std::string& json, const std::string& name, const std::string& path,
                const std::string& pass = "") {
  for (const std::string& line : lines_of(json))
    if (line.find("\"name\": \"" + name + "\"") != std::string::npos &&
        line.find("\"path\": \"" + path + "\"") != std::string::npos &&
        line.find("\"pass\": \"" + pass) != std::string::npos)
      return line;
  return "";
}

}  // namespace

TEST(BenchCommand, EmbeddingJsonHasOneObjectPerLineWithEveryField) {
  std::string out;
  const int rc = run(build_dir() + "/embedlab bench embedding --json --no-peers --vocabs 6 "
                                   "--dims 3 --tokens 4 --memcpy-mb 1",
                     &out);
  ASSERT_EQ(rc, 0) << out;
  std::istringstream lines(out);
  std::string line;
  int limits = 0, results = 0;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    if (line.find("\"group\": \"limits\"") != std::string::npos) {
      limits++;
      continue;
    }
    results++;
    for (const char* field : {"\"name\": \"embedding\"", "\"path\": ", "\"pass\": ", "\"V\": 6",
                              "\"C\": 3", "\"N\": 4", "\"threads\": ", "\"seconds\": "})
      EXPECT_NE(line.find(field), std::string::npos) << field << " missing in " << line;
  }
  EXPECT_EQ(limits, 2);   // copy bandwidth and sgemm peak
  EXPECT_EQ(results, 6);  // {lookup, onehot} x {forward, backward, forward+backward}
}

TEST(BenchCommand, OneHotOverTheMemoryLimitIsSkippedAndSaysSo) {
  std::string out;
  const int rc = run(build_dir() + "/embedlab bench embedding --json --no-peers --vocabs 50257 "
                                   "--dims 3 --tokens 4 --memcpy-mb 1 --max-gb 0.0001",
                     &out);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\"path\": \"onehot\", \"pass\": \"all\", \"V\": 50257"), std::string::npos) << out;
  EXPECT_NE(out.find("skipped: needs 0.00201 GB > 0.0001 GB (--max-gb)"), std::string::npos) << out;
}

TEST(BenchCommand, WritesTheTableAndJsonFiles) {
  std::string dir = embedlab_test::temp_dir(), out;
  ASSERT_EQ(run(build_dir() + "/embedlab bench embedding --no-peers --vocabs 6 --dims 3 --tokens 4 "
                              "--memcpy-mb 1 --out " + dir, &out), 0) << out;
  std::string md = embedlab_test::read_text(dir + "/bench.md");
  EXPECT_EQ(md.rfind("Machine: ", 0), 0u);
  EXPECT_NE(md.find("| embedding | embedding | lookup | forward | 6 | 3 | 4 |"), std::string::npos) << md;
  EXPECT_NE(embedlab_test::read_text(dir + "/bench.json").find("\"pass\": \"forward+backward\""),
            std::string::npos);
}

TEST(BenchCommand, UnknownAreaIsAnError) {
  std::string out;
  EXPECT_EQ(run(build_dir() + "/embedlab bench tokenizerz 2>&1", &out), 1);
  EXPECT_EQ(out, "embedlab bench: unknown area 'tokenizerz', expected embedding, train, tokenizer or all\n");
}

// --quick: the same rows as make bench on tiny texts (the timings mean nothing here).
// The names say which text and how many bytes; every line has name, seconds, bytes
// and threads; training rows stand beside the recount trainer, whose merges agree.
TEST(BenchCommand, TokenizerQuickHasEveryRowAndTheScalingTable) {
  std::string dir = embedlab_test::temp_dir(), out;
  ASSERT_EQ(run(build_dir() + "/embedlab bench tokenizer --quick --no-peers --out " + dir, &out), 0)
      << out;
  const std::string json = embedlab_test::read_text(dir + "/bench.json");
  for (const std::string& line : lines_of(json)) {
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    for (const char* field : {"\"group\": \"tokenizer\"", "\"name\": ", "\"seconds\": ",
                              "\"bytes\": ", "\"threads\": 1,", "\"peer\": ", "\"ratio\": "})
      EXPECT_NE(line.find(field), std::string::npos) << field << " missing in " << line;
  }
  EXPECT_NE(row(json, "BPE training to 300 tokens, corpus/toyworld.txt, 50,000 bytes", "embedlab"),
            "");
  for (const char* bytes : {"20,000", "40,000"})
    for (const char* vocab : {"300", "600"}) {
      const std::string name = std::string("BPE training to ") + vocab +
                               " tokens, Zipf text (seed 1, 20,000 words), " + bytes + " bytes";
      const std::string ours = row(json, name, "embedlab", "train");
      EXPECT_NE(ours.find("\"peer\": \"recount (projected)\""), std::string::npos) << name;
      EXPECT_NE(row(json, name, "recount every merge", "train (projected)")
                    .find("same merges as embedlab"), std::string::npos) << name;
    }
  for (const char* title : {"GPT-2", "cl100k_base", "o200k_base"})
    EXPECT_NE(row(json, std::string(title) + " pre-tokenization, corpus/toyworld.txt, 50,000 bytes",
                  "embedlab scanner").find("same pieces"), std::string::npos) << title;
  // Each encoding's rows, or one row saying its files are absent.
  const struct {
    const char* title;
    bool present;
    const char* fetch;
  } encodings[] = {
      {"GPT-2", !embedlab_test::gpt2_dir().empty(), "make gpt2"},
      {"cl100k_base", embedlab::file_exists("build/tiktoken/cl100k_base.tiktoken"), "make tiktoken"},
      {"o200k_base", embedlab::file_exists("build/tiktoken/o200k_base.tiktoken"), "make tiktoken"}};
  for (const auto& enc : encodings) {
    if (!enc.present) {
      EXPECT_NE(json.find(std::string("skipped: ") + enc.title + "'s files are absent (" + enc.fetch + ")"),
                std::string::npos) << enc.title;
      continue;
    }
    for (const char* text :
         {"corpus/toyworld.txt, 50,000 bytes", "Zipf text (seed 1, 20,000 words), 20,000 bytes"}) {
      const std::string name = std::string(enc.title) + " encode " + text;
      EXPECT_NE(row(json, name, "embedlab", "encode, cold cache"), "") << name;
      EXPECT_NE(row(json, name, "embedlab", "encode, warm cache"), "") << name;
      EXPECT_NE(row(json, name, "tiktoken, gpt-tokenizer").find("skipped (--no-peers)"),
                std::string::npos) << name;
    }
  }
  // The table, then the scaling table: 600 tokens are 344 merges at both sizes.
  const std::string md = embedlab_test::read_text(dir + "/bench.md");
  EXPECT_NE(md.find("BPE training scaling, Zipf text (seed 1, 20,000 words), 40,000 bytes"),
            std::string::npos) << md;
  EXPECT_NE(md.find("| 20,000 | "), std::string::npos) << md;
  EXPECT_NE(md.find(" | 600 | 344 | "), std::string::npos) << md;
}

// With node and the packages of make gpt2, the npm encoders run beside ours on the
// same bytes and give the same ids; without them the row says what is missing.
TEST(BenchCommand, TokenizerPeersGiveTheSameIdsOrSayWhyNot) {
  if (embedlab_test::gpt2_dir().empty()) GTEST_SKIP() << "GPT-2's files are absent (make gpt2)";
  std::string json;
  ASSERT_EQ(run(build_dir() + "/embedlab bench tokenizer --quick --json 2>/dev/null", &json), 0) << json;
  const std::string name = "GPT-2 encode corpus/toyworld.txt, 50,000 bytes";
  const std::string skip = row(json, name, "tiktoken, gpt-tokenizer");
  if (!skip.empty()) {
    EXPECT_NE(skip.find("peer not installed: "), std::string::npos) << skip;
    GTEST_SKIP() << skip;
  }
  for (const char* peer : {"tiktoken", "gpt-tokenizer"})
    for (const char* pass : {"encode, cold cache", "encode, warm cache"})
      EXPECT_NE(row(json, name, peer, pass).find("same ids as embedlab"), std::string::npos)
          << peer << " " << pass << "\n" << json;
  const std::string ours = row(json, name, "embedlab", "encode, warm cache");
  EXPECT_NE(ours.find("peer time / ours: tiktoken "), std::string::npos) << ours;
  // The same for tiktoken's encodings, each against the peers' encoding of that name.
  for (const char* enc : {"cl100k_base", "o200k_base"}) {
    if (!embedlab::file_exists(std::string("build/tiktoken/") + enc + ".tiktoken")) continue;
    for (const char* text :
         {"corpus/toyworld.txt, 50,000 bytes", "Zipf text (seed 1, 20,000 words), 20,000 bytes"}) {
      const std::string n = std::string(enc) + " encode " + text;
      for (const char* peer : {"tiktoken", "gpt-tokenizer"})
        for (const char* pass : {"encode, cold cache", "encode, warm cache"}) {
          const std::string r = row(json, n, peer, pass);
          EXPECT_NE(r.find("same ids as embedlab"), std::string::npos) << n << " " << peer << " " << pass << "\n" << r;
          EXPECT_NE(r.find(std::string(" ") + enc + "; "), std::string::npos) << r;  // the peer's encoding
        }
    }
  }
}
