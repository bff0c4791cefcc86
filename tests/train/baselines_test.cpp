#include "train/baselines.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace embedlab;

TEST(Baselines, HandComputedOnATinyStream) {
  // Train: 0 1 0 1 0 2 (n = 6, V = 3). Unigram counts: c0 = 3, c1 = 2, c2 = 1.
  // Pairs: 01 10 01 10 02 -> c(0,1) = 2, c(0,2) = 1, c(1,0) = 2; contexts c0 = 3, c1 = 2.
  std::vector<int32_t> train = {0, 1, 0, 1, 0, 2};
  std::vector<int32_t> x = {0, 1}, y = {1, 0};
  Baselines b = compute_baselines(train.data(), train.size(), x.data(), y.data(), 2, 3);
  EXPECT_DOUBLE_EQ(b.uniform, std::log(3.0));
  // unigram: -(log(3/9) + log(4/9)) / 2
  EXPECT_NEAR(b.unigram, -(std::log(3.0 / 9) + std::log(4.0 / 9)) / 2, 1e-12);
  // bigram with the chosen k: -(log((2+k)/(3+3k)) + log((2+k)/(2+3k))) / 2
  double k = b.bigram_k;
  EXPECT_NEAR(b.bigram, -(std::log((2 + k) / (3 + 3 * k)) + std::log((2 + k) / (2 + 3 * k))) / 2,
              1e-12);
  // Both pairs were seen, so the smallest k of the grid wins.
  EXPECT_DOUBLE_EQ(k, 1e-4);
  EXPECT_LT(b.bigram, b.unigram);
  EXPECT_LT(b.unigram, b.uniform);
}

TEST(Baselines, UnseenPairPrefersLargerSmoothing) {
  // Evaluating only on an unseen pair: the loss falls as k grows, so the largest k wins.
  std::vector<int32_t> train = {0, 1, 0, 1};
  std::vector<int32_t> x = {1}, y = {1};
  Baselines b = compute_baselines(train.data(), train.size(), x.data(), y.data(), 1, 2);
  EXPECT_DOUBLE_EQ(b.bigram_k, 1.0);
}
