// embedlab's per-step training losses against the PyTorch twin of the same model
// (tests/fixtures/make_twin_fixtures.py, run once with python3-torch 1.13.1):
// torch-compatible init, sequential batches, constant rate, no clipping.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "test_util.h"
#include "train/trainer.h"

using namespace embedlab;

namespace {

struct TwinCase {
  std::string name, optimizer;
  int V, C, T, window, tie, seed, B, steps;
  double lr;
  std::vector<int32_t> ids;
  std::vector<double> losses;
};

std::vector<TwinCase> read_cases(const std::string& path) {
  std::istringstream in(embedlab_test::read_text(path));
  std::vector<TwinCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    if (kind == "case") {
      TwinCase c;
      ls >> c.name >> c.V >> c.C >> c.T >> c.window >> c.tie >> c.optimizer >> c.lr >> c.seed >>
          c.B >> c.steps;
      cases.push_back(c);
    } else if (kind == "ids" && !cases.empty()) {
      size_t n;
      ls >> n;
      cases.back().ids.resize(n);
      for (auto& id : cases.back().ids) ls >> id;
    } else if (kind == "losses" && !cases.empty()) {
      double l;
      while (ls >> l) cases.back().losses.push_back(l);
    }
  }
  return cases;
}

}  // namespace

TEST(Twin, LossesMatchPyTorchStepByStep) {
  std::vector<TwinCase> cases = read_cases("tests/fixtures/twin_losses.txt");
  ASSERT_GE(cases.size(), 6u) << "fixture missing or truncated";
  for (const TwinCase& tc : cases) {
    ASSERT_EQ(int(tc.losses.size()), tc.steps) << tc.name;
    TrainConfig cfg;
    cfg.model = ModelConfig{tc.V, tc.C, tc.T, tc.window, tc.tie != 0};
    cfg.batch = tc.B;
    cfg.steps = tc.steps;
    cfg.lr = tc.lr;
    ASSERT_TRUE(parse_optimizer(tc.optimizer, &cfg.optim.kind).ok());
    cfg.optim.weight_decay = cfg.optim.kind == OptimizerKind::kSgd ? 0.0 : 0.01;
    cfg.init = InitKind::kTorch;
    cfg.seed = uint64_t(tc.seed);
    cfg.sequential = true;
    cfg.schedule = Schedule::kConstant;
    cfg.clip = 0;
    cfg.warmup = 0;
    cfg.val_fraction = 0;  // the twin trains on the stream from its first token
    cfg.quiet = true;
    cfg.compare_paths = false;
    TrainResult r;
    ASSERT_TRUE(train(cfg, tc.ids, embedlab_test::temp_dir(), &r).ok()) << tc.name;
    ASSERT_EQ(r.step_losses.size(), tc.losses.size());
    // Same model, same init bits, same batches: only float summation order differs
    // (sgemm blocking, softmax sums), so 1e-4 relative is ample after 20 steps.
    for (size_t s = 0; s < tc.losses.size(); s++)
      EXPECT_NEAR(r.step_losses[s], tc.losses[s], 1e-4 * tc.losses[s])
          << tc.name << " " << tc.optimizer << " window " << tc.window << " tie " << tc.tie
          << " step " << s + 1;
  }
}
