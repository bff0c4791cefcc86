// The whole next-token model: every parameter's gradient against central finite
// differences, and the lookup and one-hot paths against each other.
#include "train/model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "util/rng.h"

using namespace embedlab;

namespace {

void fill_random(Model* m, uint64_t seed) {
  Rng r(seed);
  for (float& v : m->E) v = float(r.normal());
  for (float& v : m->P) v = float(r.normal() * 0.5);
  for (float& v : m->W) v = float(r.normal() * 0.5);
  for (float& v : m->b) v = float(r.normal() * 0.1);
  for (float& v : m->M) v = float(r.normal());  // the context table (mix context only)
}

constexpr Mix kContext = Mix::kContext;

struct Batch {
  std::vector<int32_t> x, y;
};

Batch random_batch(int B, int T, int V, uint64_t seed) {
  Rng r(seed);
  Batch bt;
  for (int i = 0; i < B * T; i++) {
    bt.x.push_back(int32_t(r.below(V)));
    bt.y.push_back(int32_t(r.below(V)));
  }
  bt.x[1] = bt.x[0];  // a repeated id: gradients must accumulate
  return bt;
}

// Checks every weight of every parameter. Step 1e-2 on float weights: the loss is
// smooth (softmax of linear functions), truncation error is O(eps^2) ~ 1e-4 times the
// third derivative (small here), and float rounding of the loss (~1e-7) over 2 eps adds
// ~1e-5. Tolerance: 1e-3 absolute + 2% relative, and the max relative error is reported.
void check_all_gradients(const ModelConfig& cfg, EmbeddingPath path) {
  Model m(cfg);
  fill_random(&m, 3);
  const int B = 2;
  Batch bt = random_batch(B, cfg.T, cfg.V, 4);
  m.zero_grad();
  m.step(bt.x.data(), bt.y.data(), B, path, true);
  std::vector<Param> ps = m.params();
  double worst = 0;
  const float eps = 1e-2f;
  for (Param& p : ps) {
    std::vector<float> grad(p.g, p.g + p.size());
    for (size_t i = 0; i < p.size(); i++) {
      float keep = p.w[i];
      p.w[i] = keep + eps;
      double up = m.step(bt.x.data(), bt.y.data(), B, path, false);
      p.w[i] = keep - eps;
      double down = m.step(bt.x.data(), bt.y.data(), B, path, false);
      p.w[i] = keep;
      double fd = (up - down) / (2.0 * eps);
      double tol = 1e-3 + 0.02 * std::fabs(fd);
      ASSERT_NEAR(grad[i], fd, tol) << p.name << "[" << i << "]";
      if (std::fabs(fd) > 1e-3) worst = std::max(worst, std::fabs(grad[i] - fd) / std::fabs(fd));
    }
  }
  testing::Test::RecordProperty("max_relative_error", std::to_string(worst));
  EXPECT_LT(worst, 0.02);
}

}  // namespace

TEST(Model, EveryGradientMatchesFiniteDifferencesWindow1) {
  check_all_gradients({7, 3, 4, 1, false}, EmbeddingPath::kLookup);
}

TEST(Model, EveryGradientMatchesFiniteDifferencesWindow3) {
  check_all_gradients({7, 3, 5, 3, false}, EmbeddingPath::kLookup);
}

TEST(Model, EveryGradientMatchesFiniteDifferencesTied) {
  check_all_gradients({6, 4, 4, 2, true}, EmbeddingPath::kLookup);
}

TEST(Model, EveryGradientMatchesFiniteDifferencesOneHotPath) {
  check_all_gradients({7, 3, 5, 2, false}, EmbeddingPath::kOneHot);
}

// The context mix: h = E[x_t] + mean of M over the window + P[t]; M is a parameter
// of its own, so its gradient is checked like the others.
TEST(Model, ContextMixGradientsMatchFiniteDifferences) {
  check_all_gradients({7, 3, 5, 3, false, kContext}, EmbeddingPath::kLookup);
  check_all_gradients({7, 3, 4, 1, false, kContext}, EmbeddingPath::kLookup);
  check_all_gradients({6, 4, 4, 2, true, kContext}, EmbeddingPath::kLookup);
  check_all_gradients({7, 3, 5, 2, false, kContext}, EmbeddingPath::kOneHot);
}

TEST(Model, ContextMixLookupAndOneHotPathsAgree) {
  for (bool tie : {false, true}) {
    ModelConfig cfg{50, 8, 6, 3, tie, kContext};
    Model a(cfg), b(cfg);
    fill_random(&a, 9);
    fill_random(&b, 9);
    ASSERT_EQ(a.M.size(), a.E.size());
    Batch bt = random_batch(3, cfg.T, cfg.V, 10);
    a.zero_grad();
    b.zero_grad();
    double la = a.step(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kLookup, true);
    double lb = b.step(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kOneHot, true);
    EXPECT_NEAR(la, lb, 1e-5 * la);
    for (size_t i = 0; i < a.dE.size(); i++) EXPECT_NEAR(a.dE[i], b.dE[i], 1e-5) << i;
    for (size_t i = 0; i < a.dM.size(); i++) EXPECT_NEAR(a.dM[i], b.dM[i], 1e-5) << i;
    for (size_t i = 0; i < a.dP.size(); i++) EXPECT_NEAR(a.dP[i], b.dP[i], 1e-5) << i;
  }
}

TEST(Model, ContextMixNextLogitsEqualTheLastPositionOfStep) {
  // next_logits (sampling) recomputes h for one position; it must be the model's h.
  ModelConfig cfg{30, 5, 6, 4, false, kContext};
  Model m(cfg);
  fill_random(&m, 5);
  Batch bt = random_batch(1, cfg.T, cfg.V, 6);
  std::vector<float> logits;
  m.next_logits(&logits, bt.x.data(), cfg.T);
  // The loss of one position is -log softmax(logits)[y]: compare through the targets.
  double want = 0;
  {
    double mx = *std::max_element(logits.begin(), logits.end()), z = 0;
    for (float v : logits) z += std::exp(double(v) - mx);
    want = -(double(logits[size_t(bt.y[cfg.T - 1])]) - mx - std::log(z));
  }
  // The last position's loss out of step(): the sum over T positions minus the sum
  // over the first T-1 (a model of context T-1 with the same weights).
  double all = m.step(bt.x.data(), bt.y.data(), 1, EmbeddingPath::kLookup, false) * cfg.T;
  std::vector<int32_t> x2(bt.x.begin(), bt.x.end() - 1), y2(bt.y.begin(), bt.y.end() - 1);
  ModelConfig short_cfg = cfg;
  short_cfg.T = cfg.T - 1;
  Model s(short_cfg);
  s.E = m.E;
  s.M = m.M;
  s.W = m.W;
  s.b = m.b;
  s.P.assign(m.P.begin(), m.P.begin() + size_t(short_cfg.T) * cfg.C);
  double first = s.step(x2.data(), y2.data(), 1, EmbeddingPath::kLookup, false) * short_cfg.T;
  EXPECT_NEAR(all - first, want, 1e-4);
}

TEST(Model, LookupAndOneHotPathsGiveTheSameLossAndGradients) {
  // Window 1: the one-hot product X E picks rows with exact 1.0 * w + 0.0 * ... sums,
  // so h is bitwise equal. Window 3: 1/count weights are summed in a different order
  // by sgemm, so allow float rounding (1e-5 relative).
  for (int k : {1, 3}) {
    ModelConfig cfg{50, 8, 6, k, false};
    Model a(cfg), b(cfg);
    fill_random(&a, 9);
    fill_random(&b, 9);
    Batch bt = random_batch(3, cfg.T, cfg.V, 10);
    a.zero_grad();
    b.zero_grad();
    double la = a.step(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kLookup, true);
    double lb = b.step(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kOneHot, true);
    if (k == 1) {
      EXPECT_EQ(la, lb);
    }
    EXPECT_NEAR(la, lb, 1e-5 * la);
    for (size_t i = 0; i < a.dE.size(); i++) EXPECT_NEAR(a.dE[i], b.dE[i], 1e-5) << i;
  }
}

TEST(Model, TouchedRowsAreExactlyTheInputIds) {
  // With the context mix, M's gradient lives in the same rows as E's.
  for (Mix mix : {Mix::kMean, kContext}) {
    ModelConfig cfg{20, 4, 3, 2, false, mix};
    Model m(cfg);
    fill_random(&m, 1);
    std::vector<int32_t> x = {5, 5, 9, 1, 5, 19}, y = {0, 1, 2, 3, 4, 5};
    m.zero_grad();
    m.step(x.data(), y.data(), 2, EmbeddingPath::kLookup, true);
    EXPECT_EQ(m.touched_E, (std::vector<int32_t>{1, 5, 9, 19}));
    for (const std::vector<float>* g : {&m.dE, &m.dM}) {
      if (g->empty()) continue;
      for (int r = 0; r < 20; r++) {
        bool touched = r == 1 || r == 5 || r == 9 || r == 19;
        float s = 0;
        for (int c = 0; c < 4; c++) s += std::fabs((*g)[r * 4 + c]);
        EXPECT_EQ(s != 0.0f, touched) << mix_name(mix) << " row " << r;
      }
    }
    m.zero_grad();
    for (float g : m.dE) ASSERT_EQ(g, 0.0f);
    for (float g : m.dM) ASSERT_EQ(g, 0.0f);
    EXPECT_EQ(m.dM.size(), mix == kContext ? m.dE.size() : 0u);
  }
  EXPECT_EQ(Model({20, 4, 3, 2, false, kContext}).params().back().name, "context_embedding");
}

TEST(Model, BadConfigsAreNamed) {
  EXPECT_EQ(check_model_config({100, 8, 4, 5, false}).message(),
            "--window 5: expected 1 to the context (4)");
  EXPECT_EQ(check_model_config({100, 0, 4, 1, false}).message(), "--dim 0: expected 1 to 65536");
  EmbeddingPath p;
  EXPECT_EQ(parse_path("dense", &p).message(), "unknown path 'dense', expected lookup or onehot");
  Mix mix;
  EXPECT_EQ(parse_mix("sum", &mix).message(), "unknown mix 'sum', expected context or mean");
}
