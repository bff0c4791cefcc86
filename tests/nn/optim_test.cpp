#include "nn/optim.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace embedlab;

static Param make_param(std::vector<float>* w, std::vector<float>* g, size_t rows, size_t cols) {
  Param p;
  p.name = "p";
  p.w = w->data();
  p.g = g->data();
  p.rows = rows;
  p.cols = cols;
  return p;
}

TEST(Optimizer, SgdMomentumFollowsTheHandDerivedSequence) {
  // g = 1 every step, lr 0.1, momentum 0.9: buf = 1, 1.9, 2.71; w = -0.1, -0.29, -0.561.
  std::vector<float> w = {0.0f}, g = {1.0f};
  OptimConfig cfg;
  cfg.kind = OptimizerKind::kSgd;
  cfg.momentum = 0.9;
  cfg.weight_decay = 0;
  Optimizer opt(cfg, {make_param(&w, &g, 1, 1)});
  const float expect[] = {-0.1f, -0.29f, -0.561f};
  for (float e : expect) {
    opt.step(0.1);
    EXPECT_NEAR(w[0], e, 1e-6);
  }
}

TEST(Optimizer, AdamWFirstStepMovesByLrTimesSignAndDecays) {
  // Step 1: m = 0.1 g, v = 0.001 g^2; bias-corrected m/sqrt(v) = g/|g| = sign(g).
  // So w1 = w0 (1 - lr wd) - lr * sign(g) (eps is negligible at |g| = 0.5).
  std::vector<float> w = {2.0f, -1.0f}, g = {0.5f, -0.5f};
  OptimConfig cfg;  // AdamW defaults: betas 0.9/0.999, eps 1e-8, wd 0.01
  Optimizer opt(cfg, {make_param(&w, &g, 1, 2)});
  opt.step(0.01);
  EXPECT_NEAR(w[0], 2.0 * (1 - 0.01 * 0.01) - 0.01, 1e-6);
  EXPECT_NEAR(w[1], -1.0 * (1 - 0.01 * 0.01) + 0.01, 1e-6);
}

TEST(Optimizer, AdamWSecondStepMatchesTheFormula) {
  // g = 1 then g = 3, lr 0.1, wd 0: m2 = 0.09 + 0.3 = 0.39, v2 = 0.000999 + 0.009 = 0.009999;
  // mhat = 0.39 / 0.19, vhat = 0.009999 / 0.001999, step = 0.1 * mhat / sqrt(vhat).
  std::vector<float> w = {0.0f}, g = {1.0f};
  OptimConfig cfg;
  cfg.weight_decay = 0;
  Optimizer opt(cfg, {make_param(&w, &g, 1, 1)});
  opt.step(0.1);
  double w1 = -0.1;
  EXPECT_NEAR(w[0], w1, 1e-6);
  g[0] = 3.0f;
  opt.step(0.1);
  double mhat = 0.39 / 0.19, vhat = 0.009999 / (1 - 0.999 * 0.999);
  EXPECT_NEAR(w[0], w1 - 0.1 * mhat / std::sqrt(vhat), 1e-5);
}

TEST(Optimizer, SparseSgdRowsEqualTheDenseUpdate) {
  const size_t V = 6, C = 3;
  std::vector<float> w1(V * C), w2, g(V * C, 0.0f);
  for (size_t i = 0; i < w1.size(); i++) w1[i] = float(i) * 0.1f;
  w2 = w1;
  std::vector<int32_t> rows = {1, 4};
  for (int32_t r : rows)
    for (size_t c = 0; c < C; c++) g[r * C + c] = float(r + c);
  OptimConfig cfg;
  cfg.kind = OptimizerKind::kSgd;
  cfg.weight_decay = 0;
  Optimizer dense(cfg, {make_param(&w1, &g, V, C)});
  Optimizer sparse(cfg, {make_param(&w2, &g, V, C)});
  ASSERT_TRUE(sparse.sparse_is_exact());
  std::vector<const std::vector<int32_t>*> touched = {&rows};
  dense.step(0.5);
  sparse.step(0.5, &touched);
  EXPECT_EQ(w1, w2);
}

TEST(Optimizer, LazyAdamWLeavesUntouchedRowsAlone) {
  std::vector<float> w(4, 1.0f), g = {0.5f, 0.5f, 0.0f, 0.0f};
  OptimConfig cfg;
  cfg.lazy_sparse_adamw = true;
  Optimizer opt(cfg, {make_param(&w, &g, 2, 2)});
  std::vector<int32_t> rows = {0};
  std::vector<const std::vector<int32_t>*> touched = {&rows};
  opt.step(0.1, &touched);
  EXPECT_EQ(w[2], 1.0f);  // row 1: no decay, no update
  EXPECT_NEAR(w[0], 1.0 * (1 - 0.1 * 0.01) - 0.1, 1e-6);
}

TEST(Optimizer, StateRoundTripAndSizeCheck) {
  std::vector<float> w = {1.0f, 2.0f}, g = {0.1f, -0.2f};
  OptimConfig cfg;
  Optimizer a(cfg, {make_param(&w, &g, 1, 2)});
  a.step(0.01);
  std::string st = a.save_state();
  std::vector<float> w2 = w;
  Optimizer b(cfg, {make_param(&w2, &g, 1, 2)});
  ASSERT_TRUE(b.load_state(st).ok());
  EXPECT_EQ(b.steps_done(), 1);
  a.step(0.01);
  b.step(0.01);
  EXPECT_EQ(w, w2);
  Status s = b.load_state("xx");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("expected"), std::string::npos);
}

TEST(Optimizer, ClipScalesToMaxNorm) {
  std::vector<float> w(2), g1 = {3.0f, 0.0f}, g2 = {0.0f, 4.0f}, w2(2);
  std::vector<Param> ps = {make_param(&w, &g1, 1, 2), make_param(&w2, &g2, 1, 2)};
  EXPECT_NEAR(clip_grad_norm(ps, 1.0), 5.0, 1e-12);  // sqrt(3^2 + 4^2)
  EXPECT_NEAR(g1[0], 0.6, 1e-6);
  EXPECT_NEAR(g2[1], 0.8, 1e-6);
  EXPECT_NEAR(clip_grad_norm(ps, 0.0), 1.0, 1e-5);  // 0 = off: only measures
}

TEST(Schedule, WarmupThenCosineToTenPercent) {
  EXPECT_DOUBLE_EQ(learning_rate_at(0, 100, 1.0, Schedule::kCosine, 10), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(9, 100, 1.0, Schedule::kCosine, 10), 1.0);
  EXPECT_DOUBLE_EQ(learning_rate_at(10, 100, 1.0, Schedule::kCosine, 10), 1.0);
  EXPECT_NEAR(learning_rate_at(99, 100, 1.0, Schedule::kCosine, 10), 0.1, 1e-12);
  // Halfway through the decay the cosine term is 0.5: 0.1 + 0.9 * 0.5.
  EXPECT_NEAR(learning_rate_at(10 + 89 / 2.0, 100, 1.0, Schedule::kCosine, 10), 0.55, 0.02);
  EXPECT_DOUBLE_EQ(learning_rate_at(50, 100, 0.3, Schedule::kConstant, 0), 0.3);
  Schedule s;
  EXPECT_EQ(parse_schedule("linear", &s).message(),
            "unknown schedule 'linear', expected constant or cosine");
}
