#include "nn/gradcheck.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace embedlab;

TEST(GradCheck, NumericGradientOfAQuadraticByHand) {
  // f(p) = p0^2 + 3 p1 at (1, 2): gradient (2, 3). A central difference is exact for a
  // quadratic up to rounding: eps * |f| / h ~ 1e-16 * 7 / 1e-5 ~ 1e-10.
  auto f = [](const std::vector<double>& p) { return p[0] * p[0] + 3 * p[1]; };
  std::vector<double> g = numeric_gradient(f, {1.0, 2.0});
  EXPECT_NEAR(g[0], 2.0, 1e-9);
  EXPECT_NEAR(g[1], 3.0, 1e-9);
}

TEST(GradCheck, ReportsTheWorstCoordinate) {
  auto f = [](const std::vector<double>& p) { return std::sin(p[0]) + p[1] * p[1] * p[1]; };
  const float good[2] = {float(std::cos(0.5)), 3 * 1.5f * 1.5f};
  GradCheckResult r = gradcheck(f, {0.5, 1.5}, good);
  EXPECT_LT(r.max_rel_error, 1e-7);  // float rounding of the analytic values only
  const float bad[2] = {float(std::cos(0.5)), 6.0f};  // 6.75 expected
  r = gradcheck(f, {0.5, 1.5}, bad);
  EXPECT_EQ(r.worst, 1u);
  EXPECT_NEAR(r.max_rel_error, 0.75 / 6.75, 1e-6);
  EXPECT_NEAR(r.numeric, 6.75, 1e-8);
}

TEST(GradCheck, RelativeErrorTreatsTwoZerosAsEqual) {
  EXPECT_EQ(relative_error(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(relative_error(1.0, 1.5), 0.5 / 1.5);
}
