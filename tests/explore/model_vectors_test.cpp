#include "explore/model_vectors.h"

#include <gtest/gtest.h>

using namespace embedlab;

TEST(TokenCounts, ReadsLittleEndianInt64s) {
  // 3 counts: 1, 258 (0x0102) and 2^32 + 5, each as 8 little-endian bytes.
  const std::string bytes("\x01\0\0\0\0\0\0\0" "\x02\x01\0\0\0\0\0\0" "\x05\0\0\0\x01\0\0\0", 24);
  std::vector<int64_t> counts;
  ASSERT_TRUE(parse_token_counts(bytes, 3, "m/checkpoint.bin", &counts).ok());
  EXPECT_EQ(counts, (std::vector<int64_t>{1, 258, (int64_t(1) << 32) + 5}));
}

TEST(TokenCounts, WrongLengthAndNegativeCountsAreNamed) {
  std::vector<int64_t> counts;
  EXPECT_EQ(parse_token_counts(std::string(23, '\0'), 3, "m/checkpoint.bin", &counts).message(),
            "m/checkpoint.bin: section token_counts has 23 bytes, expected 3 counts of 8 bytes");
  const std::string negative = std::string(8, '\0') + std::string(8, '\xff');  // 0, then -1
  EXPECT_EQ(parse_token_counts(negative, 2, "m/checkpoint.bin", &counts).message(),
            "m/checkpoint.bin: section token_counts: token 1 has a negative count");
}
