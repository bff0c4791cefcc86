// `embedlab bench embedding --json`: one JSON object per line with the agreed fields.
#include <gtest/gtest.h>

#include <sstream>

#include "test_util.h"

using embedlab_test::build_dir;
using embedlab_test::run;

TEST(BenchCommand, EmbeddingJsonHasOneObjectPerLineWithEveryField) {
  std::string out;
  const int rc = run(build_dir() + "/embedlab bench embedding --json --vocabs 6 --dims 3 "
                                   "--tokens 4 --memcpy-mb 1",
                     &out);
  ASSERT_EQ(rc, 0) << out;
  std::istringstream lines(out);
  std::string line;
  int memcpy_lines = 0, results = 0;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    if (line.find("\"name\":\"memcpy\"") != std::string::npos) {
      memcpy_lines++;
      EXPECT_NE(line.find("\"GB_per_s\":"), std::string::npos);
      continue;
    }
    results++;
    for (const char* field : {"\"name\":\"embedding\"", "\"path\":", "\"pass\":", "\"V\":6",
                              "\"C\":3", "\"N\":4", "\"threads\":", "\"seconds\":", "_per_s\":"})
      EXPECT_NE(line.find(field), std::string::npos) << field << " missing in " << line;
  }
  EXPECT_EQ(memcpy_lines, 1);
  EXPECT_EQ(results, 6);  // {lookup, onehot} x {forward, backward, forward+backward}
}

TEST(BenchCommand, OneHotOverTheMemoryLimitIsSkippedAndSaysSo) {
  std::string out;
  const int rc = run(build_dir() + "/embedlab bench embedding --json --vocabs 50257 --dims 3 "
                                   "--tokens 4 --memcpy-mb 1 --max-gb 0.0001",
                     &out);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\"path\":\"onehot\",\"pass\":\"all\",\"V\":50257,\"C\":3,\"N\":4,"
                     "\"skipped\":\"needs 0.00201 GB > 0.0001 GB (--max-gb)\""),
            std::string::npos)
      << out;
}

TEST(BenchCommand, UnknownAreaIsAnError) {
  std::string out;
  EXPECT_EQ(run(build_dir() + "/embedlab bench tokenizerz 2>&1", &out), 1);
  EXPECT_NE(out.find("unknown area 'tokenizerz', expected embedding or all"), std::string::npos)
      << out;
}
