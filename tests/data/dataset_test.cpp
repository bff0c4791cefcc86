#include "data/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

using namespace embedlab;

namespace {
// A synthetic stream of 5,145 ids (the length of the tokenized short story the GPT
// data-loader examples use), id n = n % 50257.
std::vector<int32_t> stream_5145() {
  std::vector<int32_t> ids(5145);
  for (size_t n = 0; n < ids.size(); n++) ids[n] = int32_t(n % 50257);
  return ids;
}
}  // namespace

TEST(WindowDataset, Counts5141And1286LikeTheGptLoader) {
  // range(0, 5145 - 4, 1) has 5141 starts; range(0, 5141, 4) has ceil(5141/4) = 1286.
  WindowDataset a, b;
  ASSERT_TRUE(WindowDataset::create(stream_5145(), 4, 1, &a).ok());
  EXPECT_EQ(a.size(), 5141u);
  ASSERT_TRUE(WindowDataset::create(stream_5145(), 4, 4, &b).ok());
  EXPECT_EQ(b.size(), 1286u);
  EXPECT_EQ(b.start(1285), 5140u);  // last start 5140: input ids 5140..5143, target up to 5144
  int32_t in[4], tg[4];
  b.get(1285, in, tg);
  EXPECT_EQ(std::vector<int32_t>(in, in + 4), (std::vector<int32_t>{5140, 5141, 5142, 5143}));
  EXPECT_EQ(std::vector<int32_t>(tg, tg + 4), (std::vector<int32_t>{5141, 5142, 5143, 5144}));
}

TEST(WindowDataset, TargetIsInputShiftedByOne) {
  WindowDataset d;
  ASSERT_TRUE(WindowDataset::create({10, 11, 12, 13, 14}, 2, 2, &d).ok());
  ASSERT_EQ(d.size(), 2u);  // starts 0, 2 (range(0, 3, 2))
  int32_t in[2], tg[2];
  d.get(0, in, tg);
  EXPECT_EQ(in[0], 10);
  EXPECT_EQ(in[1], 11);
  EXPECT_EQ(tg[0], 11);
  EXPECT_EQ(tg[1], 12);
  d.get(1, in, tg);
  EXPECT_EQ(in[0], 12);
  EXPECT_EQ(tg[1], 14);
}

TEST(WindowDataset, MaxLengthLargerThanDataIsAnError) {
  WindowDataset d;
  Status s = WindowDataset::create({1, 2, 3}, 3, 1, &d);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "dataset: max_length 3 is larger than the data: a window needs 4 ids (inputs plus "
            "the next one), the stream has 3");
  EXPECT_FALSE(WindowDataset::create({1, 2, 3}, 300, 1, &d).ok());
}

TEST(WindowDataset, StrideZeroAndEmptyDataAreErrors) {
  WindowDataset d;
  EXPECT_EQ(WindowDataset::create({1, 2, 3}, 1, 0, &d).message(),
            "dataset: stride must be at least 1, got 0");
  EXPECT_EQ(WindowDataset::create({}, 1, 1, &d).message(), "dataset: the token stream is empty");
  EXPECT_EQ(WindowDataset::create({1, 2}, 0, 1, &d).message(),
            "dataset: max_length must be at least 1, got 0");
}

TEST(Split, LastFractionIsValidation) {
  std::vector<int32_t> ids(10);
  std::iota(ids.begin(), ids.end(), 0);
  std::vector<int32_t> train, val;
  ASSERT_TRUE(split_train_val(ids, 0.1, &train, &val).ok());
  EXPECT_EQ(train.size(), 9u);  // floor(0.9 * 10)
  EXPECT_EQ(val, (std::vector<int32_t>{9}));
  ASSERT_TRUE(split_train_val(stream_5145(), 0.1, &train, &val).ok());
  EXPECT_EQ(train.size(), 4630u);  // int(0.9 * 5145) = int(4630.5)
  EXPECT_EQ(val.front(), 4630);
  EXPECT_EQ(split_train_val(ids, 1.0, &train, &val).message(),
            "validation fraction must be in [0, 1), got 1.000000");
}

TEST(BatchLoader, InOrderKeepsLastPartialBatchUnlessDropped) {
  WindowDataset d;
  ASSERT_TRUE(WindowDataset::create(stream_5145(), 4, 4, &d).ok());  // 1286 windows
  BatchLoader keep, drop;
  ASSERT_TRUE(BatchLoader::create(&d, 8, false, false, 0, &keep).ok());
  ASSERT_TRUE(BatchLoader::create(&d, 8, false, true, 0, &drop).ok());
  EXPECT_EQ(keep.num_batches(), 161u);  // 160 full batches + one of 6
  EXPECT_EQ(drop.num_batches(), 160u);
  Batch b;
  size_t n = 0, rows = 0;
  while (keep.next(&b)) n++, rows += size_t(b.B);
  EXPECT_EQ(n, 161u);
  EXPECT_EQ(rows, 1286u);
  EXPECT_EQ(b.B, 6);
  n = 0;
  while (drop.next(&b)) {
    n++;
    EXPECT_EQ(b.B, 8);
  }
  EXPECT_EQ(n, 160u);
  ASSERT_TRUE(BatchLoader::create(&d, 8, false, false, 0, &keep).ok());
  ASSERT_TRUE(keep.next(&b));
  EXPECT_EQ(b.T, 4);
  EXPECT_EQ(b.inputs[4], 4);   // row 1 is window 1, starting at id 4
  EXPECT_EQ(b.targets[4], 5);
}

TEST(BatchLoader, SeededShuffleIsAPermutationAndRepeatable) {
  WindowDataset d;
  ASSERT_TRUE(WindowDataset::create(stream_5145(), 4, 4, &d).ok());
  auto epoch = [&](uint64_t seed, int epochs) {
    BatchLoader l;
    EXPECT_TRUE(BatchLoader::create(&d, 8, true, false, seed, &l).ok());
    std::vector<size_t> order;
    for (int e = 0; e < epochs; e++) {
      if (e) l.start_epoch();
      order.clear();
      Batch b;
      while (l.next(&b)) order.insert(order.end(), b.windows.begin(), b.windows.end());
    }
    return order;
  };
  std::vector<size_t> a = epoch(7, 1), again = epoch(7, 1), other = epoch(8, 1),
                      second = epoch(7, 2);
  EXPECT_EQ(a, again);
  EXPECT_NE(a, other);
  EXPECT_NE(a, second);  // each epoch reshuffles
  std::vector<size_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<size_t> all(d.size());
  std::iota(all.begin(), all.end(), size_t(0));
  EXPECT_EQ(sorted, all);
}

TEST(BatchLoader, BadBatchSizesAreErrors) {
  WindowDataset d;
  ASSERT_TRUE(WindowDataset::create({1, 2, 3, 4}, 1, 1, &d).ok());  // 3 windows
  BatchLoader l;
  EXPECT_EQ(BatchLoader::create(&d, 0, false, false, 0, &l).message(),
            "batch size must be at least 1, got 0");
  EXPECT_EQ(BatchLoader::create(&d, 4, false, true, 0, &l).message(),
            "batch size 4 with drop_last leaves no batch: the dataset has 3 windows");
}
