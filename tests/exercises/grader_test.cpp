// The exercise grader (tutorials/exercises/check_NN.cpp) is right: every check passes
// against the reference solutions (tests/exercises/solutions/) and fails against the
// pristine stubs (tests/exercises/stubs/), which throw "not implemented yet". The
// Makefile compiles the solutions with -Dexercise=solution and the stubs with
// -Dexercise=stub, so both live in this binary; a student's edits to
// tutorials/exercises/ never change this test.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "checks.h"

using grader::Check;

#define exercise solution
#include "exercise_functions.h"
#undef exercise
#define exercise stub
#include "exercise_functions.h"
#undef exercise

namespace {

void expect_all_pass(const std::vector<Check>& checks) {
  EXPECT_GE(checks.size(), 5u);
  for (const Check& c : checks) EXPECT_TRUE(c.pass) << c.name << ": " << c.message;
}

// Every check fails, each with the stub's own message.
void expect_all_fail(const std::vector<Check>& checks, const std::string& number) {
  EXPECT_GE(checks.size(), 5u);
  for (const Check& c : checks) {
    EXPECT_FALSE(c.pass) << c.name;
    EXPECT_EQ(c.message, "exercise " + number + ": not implemented yet") << c.name;
  }
}

}  // namespace

TEST(ExerciseGrader, SolutionsPassEveryCheck) {
  expect_all_pass(grader::check_01(&solution::merge_pair));
  expect_all_pass(grader::check_02(&solution::encode_by_rank));
  expect_all_pass(grader::check_03(&solution::embedding_forward));
  expect_all_pass(grader::check_04(&solution::embedding_backward));
  expect_all_pass(grader::check_05(&solution::softmax_xent_backward));
  expect_all_pass(grader::check_06(&solution::adamw_step));
  expect_all_pass(grader::check_07(&solution::analogy_3cosadd));
}

TEST(ExerciseGrader, StubsFailEveryCheckWithTheirMessage) {
  expect_all_fail(grader::check_01(&stub::merge_pair), "01");
  expect_all_fail(grader::check_02(&stub::encode_by_rank), "02");
  expect_all_fail(grader::check_03(&stub::embedding_forward), "03");
  expect_all_fail(grader::check_04(&stub::embedding_backward), "04");
  expect_all_fail(grader::check_05(&stub::softmax_xent_backward), "05");
  expect_all_fail(grader::check_06(&stub::adamw_step), "06");
  expect_all_fail(grader::check_07(&stub::analogy_3cosadd), "07");
}

// Common mistakes, each caught by a named check with the first wrong value.
namespace mistake {
namespace {

// Overlapping joins: "aaa" with (a,a) gives two merges instead of one.
std::vector<int32_t> merge_overlapping(const std::vector<int32_t>& ids, int32_t a, int32_t b,
                                       int32_t new_id) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < ids.size(); i++)
    if (i + 1 < ids.size() && ids[i] == a && ids[i + 1] == b) out.push_back(new_id);
    else if (i == 0 || !(ids[i - 1] == a && ids[i] == b)) out.push_back(ids[i]);
  return out;
}

// Overwrites dW instead of adding: a repeated id keeps only its last gradient.
void backward_overwrite(float* dW, const float* dout, const int32_t* ids, int N, int, int C) {
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) dW[size_t(ids[n]) * C + c] = dout[size_t(n) * C + c];
}

// Forgets the division by N.
void xent_without_mean(float* dlogits, const float* logits, const int32_t* targets, int N,
                       int V) {
  solution::softmax_xent_backward(dlogits, logits, targets, N, V);
  for (int i = 0; i < N * V; i++) dlogits[i] *= float(N);
}

// Plain Adam's L2 penalty (g + wd w) instead of AdamW's decoupled decay.
void adam_l2(float* w, const float* g, float* m, float* v, size_t n, int t, float lr, float b1,
             float b2, float eps, float wd) {
  std::vector<float> g2(g, g + n);
  for (size_t i = 0; i < n; i++) g2[i] += wd * w[i];
  solution::adamw_step(w, g2.data(), m, v, n, t, lr, b1, b2, eps, 0.0f);
}

// Does not exclude the question's rows.
int analogy_with_inputs(const float* E, int V, int C, int a, int b, int c) {
  auto unit = [&](int r, int k) {
    double norm = 0;
    for (int j = 0; j < C; j++) norm += double(E[r * C + j]) * E[r * C + j];
    return norm > 0 ? E[r * C + k] / std::sqrt(norm) : 0.0;
  };
  int best = -1;
  double best_score = 0;
  for (int d = 0; d < V; d++) {
    double s = 0;
    for (int k = 0; k < C; k++) s += unit(d, k) * (unit(b, k) - unit(a, k) + unit(c, k));
    if (best < 0 || s > best_score) best = d, best_score = s;
  }
  return best;
}

}  // namespace
}  // namespace mistake

namespace {

// The check named `name` ran and failed with a message containing `text`.
void expect_fails(const std::vector<Check>& checks, const std::string& name,
                  const std::string& text) {
  for (const Check& c : checks)
    if (c.name == name) {
      EXPECT_FALSE(c.pass) << name;
      EXPECT_NE(c.message.find(text), std::string::npos) << name << ": " << c.message;
      return;
    }
  ADD_FAILURE() << "no check named '" << name << "'";
}

}  // namespace

TEST(ExerciseGrader, CommonMistakesFailANamedCheck) {
  // [97 97 97 98]: the overlapping version gives [256 256 98] instead of [256 97 98].
  expect_fails(grader::check_01(&mistake::merge_overlapping), "worked example aaab",
               "result[1] = 256, expected 97");
  // Row 1 receives dout rows 0..3; overwriting keeps only the last one.
  expect_fails(grader::check_04(&mistake::backward_overwrite), "repeated ids accumulate",
               "dW[1][0] = ");
  // Worked example: dlogits[0][0] = (0.5 - 1) / 2 = -0.25; without /N it is -0.5.
  expect_fails(grader::check_05(&mistake::xent_without_mean), "worked example 2x2",
               "dlogits[0][0] = -0.5, expected -0.25");
  expect_fails(grader::check_06(&mistake::adam_l2), "strong decay (lr 0.05, wd 0.1)", "w[");
  expect_fails(grader::check_07(&mistake::analogy_with_inputs), "worked example",
               "returned 1, one of the question's rows (expected 4)");
}

TEST(ExerciseGrader, CompareNamesTheFirstWrongEntry) {
  const float want[6] = {0, 1, 2, 3, 4, -0.5f};
  const float got[6] = {0, 1, 2, 3, 4, 0.125f};
  EXPECT_EQ(grader::compare_floats("out", got, want, 6, 3, 0, 0),
            "out[1][2] = 0.125, expected -0.5");
  EXPECT_EQ(grader::compare_floats("w", got, want, 6, 0, 0, 0), "w[5] = 0.125, expected -0.5");
  EXPECT_EQ(grader::compare_floats("out", got, want, 5, 3, 0, 0), "");
  EXPECT_EQ(grader::compare_ids("result", {256, 97}, {256, 97, 98}),
            "result has 2 ids, expected 3 (got [256, 97], expected [256, 97, 98])");
}
