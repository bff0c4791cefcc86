// embedlab's per-step training losses against the PyTorch twin of the same model
// (tests/fixtures/make_twin_fixtures.py, run once with python3-torch 1.13): torch
// init, sequential batches, constant rate, no clipping, on real token ids:
// GPT-2's ids of corpus/the_quick_fox.txt (V 50257) and the ids of a toyworld prefix
// under a 512-token tokenizer embedlab trained on corpus/toyworld.txt.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_util.h"
#include "train/twin_fixture.h"

using namespace embedlab;
using embedlab_test::TwinCase;

namespace {

const char kFixture[] = "tests/fixtures/twin_losses.txt";

std::vector<TwinCase> cases_of(const std::string& name) {
  std::vector<TwinCase> all, some;
  Status s = embedlab_test::read_twin_cases(kFixture, &all);
  EXPECT_TRUE(s.ok()) << s.message();
  for (const TwinCase& c : all)
    if (c.name == name) some.push_back(c);
  return some;
}

// Trains each case and compares every step's loss with the twin's.
// Same model, same init bits, same batches: only the float summation order differs
// (sgemm blocking, softmax sums), so 1e-4 relative is ample after 20 steps.
void expect_twin_losses(const std::vector<TwinCase>& cases) {
  for (const TwinCase& tc : cases) {
    TrainResult r;
    Status s = train(embedlab_test::twin_train_config(tc), tc.ids, embedlab_test::temp_dir(), &r);
    ASSERT_TRUE(s.ok()) << tc.label() << ": " << s.message();
    ASSERT_EQ(r.step_losses.size(), tc.losses.size()) << tc.label();
    double worst = 0;
    for (size_t i = 0; i < tc.losses.size(); i++)
      worst = std::max(worst, std::fabs(r.step_losses[i] - tc.losses[i]) / tc.losses[i]);
    EXPECT_LE(worst, 1e-4) << tc.label();
    for (size_t i = 0; i < tc.losses.size(); i++)
      EXPECT_NEAR(r.step_losses[i], tc.losses[i], 1e-4 * tc.losses[i])
          << tc.label() << " step " << i + 1;
  }
}

}  // namespace

TEST(Twin, FixtureHasEveryVariantForBothTokenizers) {
  for (const char* name : {"gpt2", "toyworld512"}) {
    std::vector<TwinCase> cases = cases_of(name);
    ASSERT_EQ(cases.size(), 5u) << name;
    bool sgd = false, momentum = false, adamw = false, tied = false;
    int windows = 0;
    for (const TwinCase& c : cases) {
      sgd |= c.optimizer == "sgd" && c.momentum == 0;
      momentum |= c.optimizer == "sgd" && c.momentum != 0;
      adamw |= c.optimizer == "adamw";
      tied |= c.tie != 0;
      windows |= 1 << c.window;
    }
    EXPECT_TRUE(sgd && momentum && adamw && tied) << name;
    EXPECT_EQ(windows, 0b1110) << name << ": windows 1, 2 and 3";
  }
  EXPECT_EQ(cases_of("gpt2")[0].V, 50257);
}

TEST(Twin, LossesMatchPyTorchOnGpt2Ids) { expect_twin_losses(cases_of("gpt2")); }

TEST(Twin, LossesMatchPyTorchOnTrainedTokenizerIds) {
  expect_twin_losses(cases_of("toyworld512"));
}
