// The whole next-token model: every parameter's gradient against central finite
// differences, and the lookup and one-hot paths against each other.
#include "train/model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "util/rng.h"

using namespace embedlab;

namespace {

// Every parameter random, tables N(0, 1), the rest smaller (E too, which init_model
// leaves at zero with the context mix).
void fill_random(Model* m, uint64_t seed) {
  Rng r(seed);
  for (Parameter& p : m->parameters()) {
    const double scale = p.init == InitRule::kNormal || p.name == "token_embedding" ? 1.0
                         : p.name == "head_bias"                                   ? 0.1
                                                                                   : 0.5;
    for (size_t i = 0; i < p.w.size(); i++) p.w.data()[i] = float(r.normal() * scale);
  }
}

// The gradient of parameter `name` as a vector (empty when the model has none).
std::vector<float> grad(const Model& m, const char* name) {
  const Parameter* p = m.find(name);
  return p ? std::vector<float>(p->g.data(), p->g.data() + p->g.size()) : std::vector<float>();
}

constexpr Mix kLastWindow = Mix::kLastWindow;  // h = E[last] + mean of M over the window

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
  m.forward(bt.x.data(), bt.y.data(), B, path);
  m.zero_grad();
  m.backward();
  std::vector<Param> ps = m.params();
  double worst = 0;
  const float eps = 1e-2f;
  for (Param& p : ps) {
    std::vector<float> grad(p.g, p.g + p.size());
    for (size_t i = 0; i < p.size(); i++) {
      float keep = p.w[i];
      p.w[i] = keep + eps;
      double up = m.forward(bt.x.data(), bt.y.data(), B, path);
      p.w[i] = keep - eps;
      double down = m.forward(bt.x.data(), bt.y.data(), B, path);
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
  check_all_gradients({7, 3, 5, 3, false, kLastWindow}, EmbeddingPath::kLookup);
  check_all_gradients({7, 3, 4, 1, false, kLastWindow}, EmbeddingPath::kLookup);
  check_all_gradients({6, 4, 4, 2, true, kLastWindow}, EmbeddingPath::kLookup);
  check_all_gradients({7, 3, 5, 2, false, kLastWindow}, EmbeddingPath::kOneHot);
}

TEST(Model, ContextMixLookupAndOneHotPathsAgree) {
  for (bool tie : {false, true}) {
    ModelConfig cfg{50, 8, 6, 3, tie, kLastWindow};
    Model a(cfg), b(cfg);
    fill_random(&a, 9);
    fill_random(&b, 9);
    ASSERT_EQ(a.find("window_embedding")->w.size(), a.token_embedding().size());
    Batch bt = random_batch(3, cfg.T, cfg.V, 10);
    double la = a.forward(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kLookup);
    double lb = b.forward(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kOneHot);
    a.backward();
    b.backward();
    EXPECT_NEAR(la, lb, 1e-5 * la);
    for (const char* name : {"token_embedding", "window_embedding", "position_embedding"}) {
      std::vector<float> ga = grad(a, name), gb = grad(b, name);
      ASSERT_EQ(ga.size(), gb.size());
      for (size_t i = 0; i < ga.size(); i++) EXPECT_NEAR(ga[i], gb[i], 1e-5) << name << i;
    }
  }
}

TEST(Model, ContextMixNextLogitsEqualTheLastPositionOfForward) {
  // next_logits (sampling) runs the layers on a window of n positions; its logits must
  // give the loss forward() gives the last position.
  ModelConfig cfg{30, 5, 6, 4, false, kLastWindow};
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
  double all = m.forward(bt.x.data(), bt.y.data(), 1) * cfg.T;
  std::vector<int32_t> x2(bt.x.begin(), bt.x.end() - 1), y2(bt.y.begin(), bt.y.end() - 1);
  ModelConfig short_cfg = cfg;
  short_cfg.T = cfg.T - 1;
  Model s(short_cfg);
  for (Parameter& p : s.parameters()) {  // the same weights; P's first T-1 rows
    const Tensor& from = m.find(p.name)->w;
    std::copy(from.data(), from.data() + p.w.size(), p.w.data());
  }
  double first = s.forward(x2.data(), y2.data(), 1) * short_cfg.T;
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
    double la = a.forward(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kLookup);
    double lb = b.forward(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kOneHot);
    a.backward();
    b.backward();
    if (k == 1) {
      EXPECT_EQ(la, lb);
    }
    EXPECT_NEAR(la, lb, 1e-5 * la);
    std::vector<float> ga = grad(a, "token_embedding"), gb = grad(b, "token_embedding");
    for (size_t i = 0; i < ga.size(); i++) EXPECT_NEAR(ga[i], gb[i], 1e-5) << i;
  }
}

TEST(Model, TouchedRowsAreExactlyTheInputIds) {
  // With the context mix, M's gradient lives in the same rows as E's.
  for (Mix mix : {Mix::kWindow, kLastWindow}) {
    ModelConfig cfg{20, 4, 3, 2, false, mix};
    Model m(cfg);
    fill_random(&m, 1);
    std::vector<int32_t> x = {5, 5, 9, 1, 5, 19}, y = {0, 1, 2, 3, 4, 5};
    m.forward(x.data(), y.data(), 2);
    m.zero_grad();
    m.backward();
    for (const char* name : {"token_embedding", "window_embedding"}) {
      const Parameter* p = m.find(name);
      if (!p) continue;
      EXPECT_EQ(p->touched, (std::vector<int32_t>{1, 5, 9, 19})) << name;
      std::vector<float> g = grad(m, name);
      for (int r = 0; r < 20; r++) {
        bool touched = r == 1 || r == 5 || r == 9 || r == 19;
        float s = 0;
        for (int c = 0; c < 4; c++) s += std::fabs(g[r * 4 + c]);
        EXPECT_EQ(s != 0.0f, touched) << mix_name(mix) << " " << name << " row " << r;
      }
    }
    // The optimizer sees each table's touched rows through its view.
    for (const Param& v : m.params())
      EXPECT_EQ(v.touched != nullptr, v.name == "token_embedding" || v.name == "window_embedding")
          << v.name;
    m.zero_grad();
    for (const char* name : {"token_embedding", "window_embedding"})
      for (float g : grad(m, name)) ASSERT_EQ(g, 0.0f);
    EXPECT_EQ(m.find("window_embedding") != nullptr, mix == kLastWindow);
  }
}

// The table is in PyTorch's construction order, which init_model draws in: with the
// context mix M takes E's place and E (zero at the start) comes last.
TEST(Model, ParameterTableIsInConstructionOrder) {
  auto names = [](const ModelConfig& c) {
    std::string s;
    for (const Parameter& p : Model::layout(c)) s += p.name + " ";
    return s;
  };
  EXPECT_EQ(names({20, 4, 3, 2, false}),
            "token_embedding position_embedding head_weight head_bias ");
  EXPECT_EQ(names({20, 4, 3, 2, true}), "token_embedding position_embedding head_bias ");
  EXPECT_EQ(names({20, 4, 3, 2, false, kLastWindow}),
            "window_embedding position_embedding head_weight head_bias token_embedding ");
  Model m({20, 4, 3, 2, false, kLastWindow});
  EXPECT_EQ(m.num_weights(), size_t(20 * 4 * 3 + 3 * 4 + 20));
  EXPECT_EQ(m.find("head_weight")->w.rows(), 20);
  EXPECT_EQ(m.find("nothing"), nullptr);
}

// The sampled head (--negatives K): with the negatives fixed (the same seed for every
// forward), every gradient against finite differences of the sampled loss; and with
// K much larger than V its loss is close to the full softmax's.
TEST(Model, SampledHeadGradientsMatchFiniteDifferences) {
  for (bool tie : {false, true}) {
    ModelConfig cfg{9, 3, 4, 2, tie, kLastWindow};
    cfg.negatives = 5;
    Model m(cfg);
    fill_random(&m, 3);
    ASSERT_TRUE(m.set_noise({5, 1, 3, 0, 8, 2, 2, 1, 4}).ok());
    Batch bt = random_batch(2, cfg.T, cfg.V, 4);
    auto loss = [&] {
      Rng negatives(77);
      return m.forward(bt.x.data(), bt.y.data(), 2, EmbeddingPath::kLookup, &negatives);
    };
    loss();
    m.zero_grad();
    m.backward();
    const float eps = 1e-2f;
    for (Param& p : m.params()) {
      std::vector<float> g(p.g, p.g + p.size());
      for (size_t i = 0; i < p.size(); i++) {
        const float keep = p.w[i];
        p.w[i] = keep + eps;
        const double up = loss();
        p.w[i] = keep - eps;
        const double down = loss();
        p.w[i] = keep;
        const double fd = (up - down) / (2.0 * eps);
        ASSERT_NEAR(g[i], fd, 1e-3 + 0.02 * std::fabs(fd)) << p.name << "[" << i << "]";
      }
    }
  }
}

TEST(Model, SampledHeadEstimatesTheFullLossWhenKIsLarge) {
  // V = 12, K = 4000 draws: each token's share of the candidates is within a few percent
  // of K q(v), so the estimate of Z is within about 1% and the loss within ~0.02 nats.
  ModelConfig cfg{12, 4, 5, 1, false};
  cfg.negatives = 4000;
  Model m(cfg);
  fill_random(&m, 8);
  ASSERT_TRUE(m.set_noise(std::vector<uint64_t>(12, 10)).ok());
  Batch bt = random_batch(3, cfg.T, cfg.V, 2);
  const double full = m.forward(bt.x.data(), bt.y.data(), 3);
  Rng negatives(5);
  const double sampled = m.forward(bt.x.data(), bt.y.data(), 3, EmbeddingPath::kLookup, &negatives);
  EXPECT_NEAR(sampled, full, 0.02) << full;
  EXPECT_EQ(m.set_noise({1, 2}).message(), "noise counts: 2 counts for a vocabulary of 12");
}

TEST(Model, BadConfigsAreNamed) {
  EXPECT_EQ(check_model_config({100, 8, 4, 5, false}).message(),
            "--window 5: expected 1 to the context (4)");
  EXPECT_EQ(check_model_config({100, 0, 4, 1, false}).message(), "--dim 0: expected 1 to 65536");
  EXPECT_EQ(check_model_config({100, 8, 4, 1, false, Mix::kWindow, -1}).message(),
            "--negatives -1: expected 0 (the full softmax) to 1048576");
  EmbeddingPath p;
  EXPECT_EQ(parse_path("dense", &p).message(), "unknown path 'dense', expected lookup or onehot");
  Mix mix;
  EXPECT_EQ(parse_mix("sum", &mix).message(), "unknown mix 'sum', expected last+window or window");
  std::string note;
  ASSERT_TRUE(parse_mix("mean", &mix, &note).ok());
  EXPECT_EQ(mix, Mix::kWindow);
  EXPECT_EQ(note, "--mix mean is now called --mix window (the old name is read until the next "
                  "release)");
}
