#include "train/sample.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace embedlab;

TEST(Sample, GreedyAndTopOnePickTheArgmax) {
  std::vector<float> logits = {0.1f, 2.0f, -1.0f, 2.0f};  // tie: the smaller id wins
  Rng r(1);
  EXPECT_EQ(sample_from_logits(logits, 0.0, 0, &r), 1);
  EXPECT_EQ(sample_from_logits(logits, 1.0, 1, &r), 1);
}

TEST(Sample, FrequenciesFollowTheSoftmax) {
  // p = softmax(log(0.5), log(0.3), log(0.2)) = (0.5, 0.3, 0.2). With 20,000 draws the
  // standard error of each frequency is below 0.0036; allow 4 of them.
  std::vector<float> logits = {std::log(0.5f), std::log(0.3f), std::log(0.2f)};
  Rng r(7);
  int counts[3] = {0, 0, 0};
  const int n = 20000;
  for (int i = 0; i < n; i++) counts[sample_from_logits(logits, 1.0, 0, &r)]++;
  EXPECT_NEAR(counts[0] / double(n), 0.5, 0.015);
  EXPECT_NEAR(counts[1] / double(n), 0.3, 0.015);
  EXPECT_NEAR(counts[2] / double(n), 0.2, 0.015);
}

TEST(Sample, TopKNeverLeavesTheTopK) {
  std::vector<float> logits = {5.0f, 4.0f, 0.0f, 0.0f, 0.0f};
  Rng r(3);
  for (int i = 0; i < 2000; i++) EXPECT_LT(sample_from_logits(logits, 5.0, 2, &r), 2);
}

TEST(Sample, SameSeedSameText) {
  ModelConfig cfg{30, 4, 8, 2, false};
  Model m(cfg);
  Rng init(5);
  for (const char* name : {"token_embedding", "head_weight"}) {
    Tensor& w = m.find(name)->w;
    for (size_t i = 0; i < w.size(); i++) w.data()[i] = float(init.normal());
  }
  std::vector<int32_t> a = {3}, b = {3};
  Rng r1(11), r2(11);
  sample_ids(&m, &a, 40, 1.0, 0, &r1);
  sample_ids(&m, &b, 40, 1.0, 0, &r2);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 41u);
  for (int32_t id : a) EXPECT_LT(id, 30);
}
