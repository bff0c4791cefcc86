// `embedlab bench`: the JSON lines carry the agreed fields; skips say why. (Timings
// themselves are never asserted: speed is measured by make bench, not by tests.)
#include <gtest/gtest.h>

#include <sstream>

#include "test_util.h"

using embedlab_test::build_dir;
using embedlab_test::run;

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
