// The unigram^0.75 noise sampler against q itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "nn/unigram_sampler.h"
#include "util/rng.h"

// Shapes: N rows, C features, V vocab size, K negatives.
using namespace embedlab;

namespace sampled_softmax_test {

// V - zeros Zipf-like counts (1000 / (v + 1)), then `zeros` tokens never seen.
std::vector<uint64_t> zipf_counts(int V, int zeros) {
  std::vector<uint64_t> counts;
  for (int v = 0; v < V - zeros; v++) counts.push_back(uint64_t(1000 / (v + 1)));
  counts.resize(size_t(V), 0);
  return counts;
}

}  // namespace sampled_softmax_test

using namespace sampled_softmax_test;

// ---- the noise distribution ------------------------------------------------------

TEST(UnigramSampler, HandExampleGivesQ) {
  // 16^0.75 = 8, 1^0.75 = 1, 0 stays 0, 81^0.75 = 27: q = {8, 1, 0, 27} / 36.
  UnigramSampler s;
  ASSERT_TRUE(s.build({16, 1, 0, 81}).ok());
  const double expect[4] = {8 / 36.0, 1 / 36.0, 0, 27 / 36.0};
  for (int v = 0; v < 4; v++)
    EXPECT_NEAR(s.q()[size_t(v)], expect[v], 1e-15) << v;  // pow, divide: ulps
  EXPECT_EQ(s.q()[2], 0.0);
}

TEST(UnigramSampler, DrawFrequenciesMatchQ) {
  // M draws: the count of token v is binomial(M, q_v), so its frequency has standard
  // error sqrt(q_v (1 - q_v) / M), at most 5e-4 for M = 10^6. Five standard errors:
  // a correct sampler stays inside with probability 1 - 6e-7 per token, while an alias
  // table that misplaces 1% of a column's mass is off by ~q_v/100, many errors out for
  // the frequent tokens.
  const int V = 40;
  UnigramSampler s;
  ASSERT_TRUE(s.build(zipf_counts(V, 6)).ok());
  const int M = 1000000;
  std::vector<int> seen(V, 0);
  Rng rng(7);
  for (int i = 0; i < M; i++) seen[size_t(s.draw(&rng))]++;
  for (int v = 0; v < V; v++) {
    const double q = s.q()[size_t(v)];
    const double se = std::sqrt(q * (1 - q) / M);
    EXPECT_NEAR(double(seen[size_t(v)]) / M, q, 5 * se + 1e-12) << "token " << v;
  }
}

TEST(UnigramSampler, ZeroCountTokensAreNeverDrawn) {
  UnigramSampler s;
  ASSERT_TRUE(s.build({0, 5, 0, 0, 1, 0, 0, 0, 2, 0}).ok());
  Rng rng(3);
  for (int i = 0; i < 100000; i++) {
    int32_t v = s.draw(&rng);
    ASSERT_TRUE(v == 1 || v == 4 || v == 8) << v;
  }
}

TEST(UnigramSampler, DrawGivesIdsAndTheirLogKq) {
  UnigramSampler s;
  ASSERT_TRUE(s.build({16, 1, 0, 81}).ok());
  const int K = 9;
  std::vector<int32_t> ids(K);
  std::vector<float> log_kq(K);
  Rng rng(5);
  s.draw(ids.data(), log_kq.data(), K, &rng);
  for (int k = 0; k < K; k++)  // float rounding of the logarithm
    EXPECT_NEAR(log_kq[size_t(k)], std::log(K * s.q()[size_t(ids[size_t(k)])]), 1e-6);
}

TEST(UnigramSampler, SameSeedSameDrawsOtherSeedOtherDraws) {
  UnigramSampler s;
  ASSERT_TRUE(s.build(zipf_counts(40, 0)).ok());
  auto draws = [&](uint64_t seed) {
    std::vector<int32_t> ids(64);
    std::vector<float> log_kq(64);
    Rng rng(seed);
    s.draw(ids.data(), log_kq.data(), 64, &rng);
    return ids;
  };
  EXPECT_EQ(draws(11), draws(11));
  EXPECT_NE(draws(11), draws(12));
}

TEST(UnigramSampler, NoCountsOrAllZeroIsBadInput) {
  UnigramSampler s;
  Status st = s.build({});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "unigram sampler: no token counts (V = 0)");
  st = s.build({0, 0, 0});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "unigram sampler: all 3 token counts are 0, expected at least one above 0");
}
