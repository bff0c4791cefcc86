// t-SNE to 2-D (van der Maaten and Hinton 2008), exact: every pair, O(N^2) memory and
// time per iteration, fine up to a few thousand points.
//
//   input affinities  p_j|i = exp(-beta_i |x_i - x_j|^2) / sum_k!=i exp(-beta_i |x_i - x_k|^2)
//                     beta_i found by bisection so that 2^H(P_i) = perplexity
//                     p_ij = (p_j|i + p_i|j) / (2N)
//   map affinities    q_ij = w_ij / Z,  w_ij = 1 / (1 + |y_i - y_j|^2),  Z = sum_k!=l w_kl
//   gradient          dC/dy_i = 4 sum_j (e p_ij - q_ij) w_ij (y_i - y_j)
//                     with the exaggeration e = 12 for the first 250 steps, then 1
//   step              gradient descent with momentum (0.5, then 0.8 after step 250)
//                     and per-coordinate gains (+0.2 while the steps keep their
//                     direction, x0.8 when one reverses, at least 0.01), as in the
//                     reference code; learning rate max(N / 12, 50)
//   start             y_i ~ N(0, 1e-4) from the seed
// Distances in the map say little: t-SNE keeps who is near whom, not how far apart
// clusters are or how big they are. The same X and seed give the same bits (the
// arithmetic of every point is done in one fixed order, whatever the thread count).
// e.g. two tight clouds far apart in 50-D become two separate blobs in 2-D.
//
// Shapes: N points, C input dimensions.
#pragma once
#include <cstdint>
#include <vector>

#include "util/status.h"

namespace embedlab {

struct TsneOptions {
  double perplexity = 30;  // about how many neighbours each point listens to
  int iterations = 1000;
  uint64_t seed = 1;
};

// xy (N,2) = the t-SNE map of the N rows of X (N,C). Fails for N < 4, C < 1,
// non-finite values or perplexity outside [1, (N - 1) / 3].
Status tsne_2d(std::vector<float>* xy, const float* X, int N, int C, const TsneOptions& opt);

// The perplexity to use for N points: `asked`, lowered to (N - 1) / 3 when N is small.
double tsne_perplexity_for(int N, double asked);

}  // namespace embedlab
