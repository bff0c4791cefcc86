// PCA to 2-D: the two directions along which the chosen rows spread the most, and
// each row's coordinates along them (for scatter plots of word vectors).
//
//   mean   m = (1/N) sum_n x_n
//   cov    S = (1/N) sum_n (x_n - m)(x_n - m)^T        (C,C), in double
//   axes   the top-2 eigenvectors of S, by power iteration:
//            v <- S v / |S v|   from a seeded random start, until v moves less than
//            1e-12 or kMaxIterations; lambda = v^T S v (the variance along v).
//          then deflation S <- S - lambda1 v1 v1^T and the same for v2 (kept
//          orthogonal to v1 at every step).
//   sign   eigenvectors are defined up to sign; each axis is flipped so that its
//          largest-magnitude coordinate is positive (on ties within 1e-9, the first),
//          so the same rows give the same picture on every run.
//   xy     xy[n] = ((x_n - m).v1, (x_n - m).v2)
// The variances divide by N (not N - 1): lambda is the mean squared coordinate.
// Explained ratio = lambda / trace(S) (the fraction of the total variance).
//
// Shapes: N rows, C columns.
#pragma once
#include <cstdint>
#include <vector>

#include "util/status.h"

namespace embedlab {

constexpr int kPcaMaxIterations = 1000;

struct Pca2 {
  std::vector<double> mean;           // (C)
  std::vector<double> axis[2];        // (C) each, unit length
  double variance[2] = {0, 0};        // eigenvalues lambda1 >= lambda2
  double total_variance = 0;          // trace(S)
  double explained[2] = {0, 0};       // variance / total_variance (0 when it is 0)
  int iterations[2] = {0, 0};         // power-iteration steps used
  std::vector<float> xy;              // (N,2) projections
};

// PCA of the N rows of X (N,C). Fails for N < 2 or C < 2 or non-finite values.
Status pca_2d(Pca2* out, const float* X, int N, int C, uint64_t seed = 1);

// The rows `ids` of the table E (V,C), gathered into (N,C) for pca_2d.
// REQUIRES: 0 <= ids[n] < V
std::vector<float> gather_rows(const float* E, const std::vector<int32_t>& ids, int C);

}  // namespace embedlab
