#include "explore/pca.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace embedlab;

namespace {

// The 8 points m + alpha (1,1,0) + beta (1,-1,0) + gamma (0,0,1) with alpha = +-2,
// beta = +-1, gamma = +-0.5 and m = (5,-2,7): every value is exact in float.
// Along u1 = (1,1,0)/sqrt2 the coordinates are alpha sqrt2 = +-2 sqrt2 (variance 8);
// along u2 = (1,-1,0)/sqrt2, beta sqrt2 (variance 2); along (0,0,1), +-0.5 (0.25).
std::vector<float> box_points() {
  std::vector<float> X;
  for (float alpha : {2.0f, -2.0f})
    for (float beta : {1.0f, -1.0f})
      for (float gamma : {0.5f, -0.5f}) {
        X.push_back(5 + alpha + beta);
        X.push_back(-2 + alpha - beta);
        X.push_back(7 + gamma);
      }
  return X;
}

}  // namespace

TEST(Pca, FindsTheKnownAxesAndVariances) {
  std::vector<float> X = box_points();
  Pca2 p;
  ASSERT_TRUE(pca_2d(&p, X.data(), 8, 3).ok());
  double r = 1 / std::sqrt(2.0);
  // Tolerance 1e-6: the data are exact, the sums are in double, and power iteration
  // stops when v moves less than 1e-12.
  EXPECT_NEAR(p.mean[0], 5, 1e-12);
  EXPECT_NEAR(p.mean[1], -2, 1e-12);
  EXPECT_NEAR(p.mean[2], 7, 1e-12);
  EXPECT_NEAR(p.variance[0], 8, 1e-6);
  EXPECT_NEAR(p.variance[1], 2, 1e-6);
  EXPECT_NEAR(p.total_variance, 10.25, 1e-12);
  EXPECT_NEAR(p.explained[0], 8 / 10.25, 1e-6);
  EXPECT_NEAR(p.explained[1], 2 / 10.25, 1e-6);
  // Sign rule: |coordinates| tie in both axes, so the first one is made positive.
  double want[2][3] = {{r, r, 0}, {r, -r, 0}};
  for (int k = 0; k < 2; k++)
    for (int c = 0; c < 3; c++) EXPECT_NEAR(p.axis[k][size_t(c)], want[k][c], 1e-6) << k;
  EXPECT_LT(p.iterations[0], kPcaMaxIterations);
  EXPECT_LT(p.iterations[1], kPcaMaxIterations);
  // The first point (alpha = 2, beta = 1) projects to (2 sqrt2, sqrt2); float output.
  EXPECT_NEAR(p.xy[0], 2 * std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(p.xy[1], std::sqrt(2.0), 1e-6);
}

TEST(Pca, SignRuleMakesTheLargestCoordinatePositiveForEverySeed) {
  // Points t (-3,4) + s (4,3) for t in -2..2, s = +-0.5 (alternating): the top axis is
  // +-(-0.6, 0.8); the rule picks (-0.6, 0.8) since |0.8| is the largest.
  std::vector<float> X;
  for (int t = -2; t <= 2; t++) {
    float s = (t % 2 == 0) ? 0.5f : -0.5f;
    X.push_back(-3.0f * t + 4 * s);
    X.push_back(4.0f * t + 3 * s);
  }
  for (uint64_t seed : {1, 2, 3, 99}) {
    Pca2 p;
    ASSERT_TRUE(pca_2d(&p, X.data(), 5, 2, seed).ok());
    EXPECT_NEAR(p.axis[0][0], -0.6, 1e-6) << seed;
    EXPECT_NEAR(p.axis[0][1], 0.8, 1e-6) << seed;
    // The second axis is +-(0.8, 0.6): the rule picks +.
    EXPECT_NEAR(p.axis[1][0], 0.8, 1e-6) << seed;
    EXPECT_NEAR(p.axis[1][1], 0.6, 1e-6) << seed;
  }
}

TEST(Pca, GatherRowsPicksTableRows) {
  float E[6] = {1, 2, 3, 4, 5, 6};  // V = 3, C = 2
  EXPECT_EQ(gather_rows(E, {2, 0}, 2), (std::vector<float>{5, 6, 1, 2}));
}

TEST(Pca, NeedsTwoRowsAndTwoColumns) {
  float X[4] = {1, 2, 3, 4};
  Pca2 p;
  Status s = pca_2d(&p, X, 1, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "PCA needs at least 2 rows, got 1");
  s = pca_2d(&p, X, 4, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "PCA needs at least 2 columns, got 1");
}

TEST(Pca, IdenticalRowsGiveZeroVarianceWithoutNaN) {
  float X[6] = {1, 2, 1, 2, 1, 2};
  Pca2 p;
  ASSERT_TRUE(pca_2d(&p, X, 3, 2).ok());
  EXPECT_EQ(p.variance[0], 0.0);
  EXPECT_EQ(p.explained[0], 0.0);
  for (float v : p.xy) EXPECT_EQ(v, 0.0f);
}
