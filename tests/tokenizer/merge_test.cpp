// merge_pair: one BPE merge step, left to right, without overlaps.
#include "tokenizer/merge.h"

#include <gtest/gtest.h>

using namespace embedlab;

TEST(MergePair, AaabJoinsTheFirstTwoAs) {
  // "aaab" with (a,a) -> 256: positions 0,1 join; the a at 2 has no partner left.
  std::vector<int32_t> ids = {97, 97, 97, 98};
  EXPECT_EQ(merge_pair(&ids, 97, 97, 256), 1);
  EXPECT_EQ(ids, (std::vector<int32_t>{256, 97, 98}));
}

TEST(MergePair, EveryOccurrenceJoins) {
  // "abxab" with (a,b) -> 300: both occurrences, the x between them stays.
  std::vector<int32_t> ids = {97, 98, 120, 97, 98};
  EXPECT_EQ(merge_pair(&ids, 97, 98, 300), 2);
  EXPECT_EQ(ids, (std::vector<int32_t>{300, 120, 300}));
}

TEST(MergePair, RunOfFourGivesTwoPairs) {
  std::vector<int32_t> ids = {5, 5, 5, 5};
  EXPECT_EQ(merge_pair(&ids, 5, 5, 256), 2);
  EXPECT_EQ(ids, (std::vector<int32_t>{256, 256}));
}

TEST(MergePair, OrderMattersAndShortInputsStay) {
  std::vector<int32_t> ids = {98, 97};  // (b, a) is not (a, b)
  EXPECT_EQ(merge_pair(&ids, 97, 98, 256), 0);
  EXPECT_EQ(ids, (std::vector<int32_t>{98, 97}));
  std::vector<int32_t> one = {97}, none;
  EXPECT_EQ(merge_pair(&one, 97, 97, 256), 0);
  EXPECT_EQ(merge_pair(&none, 97, 97, 256), 0);
  EXPECT_EQ(one, (std::vector<int32_t>{97}));
  EXPECT_TRUE(none.empty());
}
