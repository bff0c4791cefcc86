// The embedding bag (window mean): the header's example, its one-hot twin (a multi-hot
// product), and its gradient against finite differences.
#include "nn/embedding_bag.h"

#include <gtest/gtest.h>

#include <vector>

#include "nn/embedding.h"
#include "nn/gradcheck.h"
#include "nn/onehot.h"
#include "util/rng.h"

using namespace embedlab;

TEST(EmbeddingBag, HeaderExample) {
  // W = [[1,2],[3,4],[5,6]], x = {2, 0, 1}, k = 2 -> [[5,6], [3,4], [2,3]]:
  // t=0 has only x0 = 2; t=1 averages rows 2 and 0; t=2 rows 0 and 1.
  const float W[6] = {1, 2, 3, 4, 5, 6};
  const int32_t x[3] = {2, 0, 1};
  float out[6];
  embedding_bag_forward(out, x, W, 1, 3, 3, 2, 2);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{5, 6, 3, 4, 2, 3}));
}

TEST(EmbeddingBag, WindowOneIsTheLookup) {
  const int V = 40, C = 8, B = 3, T = 5;
  Rng r(4);
  std::vector<float> W(V * C), a(B * T * C), b(B * T * C);
  for (float& w : W) w = float(r.normal());
  std::vector<int32_t> x(B * T);
  for (int32_t& id : x) id = int32_t(r.below(V));
  embedding_bag_forward(a.data(), x.data(), W.data(), B, T, V, C, 1);
  embedding_forward(b.data(), x.data(), W.data(), B * T, V, C);
  EXPECT_EQ(a, b);
}

TEST(EmbeddingBag, EqualsItsMultiHotProductBothWays) {
  // The product adds the same k rows times 1/count plus zeros, in another order:
  // float rounding only (a few ulps of values ~1), so 1e-5.
  const int V = 30, C = 6, B = 2, T = 7, k = 3, N = B * T;
  Rng r(8);
  std::vector<float> W(V * C), dout(N * C);
  for (float& w : W) w = float(r.normal());
  for (float& d : dout) d = float(r.normal());
  std::vector<int32_t> x(N);
  for (int32_t& id : x) id = int32_t(r.below(V));
  x[2] = x[1];  // a token twice in one window
  std::vector<float> bag(N * C), product(N * C), X(size_t(N) * V);
  embedding_bag_forward(bag.data(), x.data(), W.data(), B, T, V, C, k);
  multihot_build(X.data(), x.data(), B, T, V, k);
  onehot_forward(product.data(), X.data(), W.data(), N, V, C);
  for (int i = 0; i < N * C; i++) EXPECT_NEAR(bag[i], product[i], 1e-5) << i;
  std::vector<float> dW_bag(V * C, 0.0f), dW_product(V * C, 0.0f);
  embedding_bag_backward(dW_bag.data(), dout.data(), x.data(), B, T, C, k);
  onehot_backward(dW_product.data(), X.data(), dout.data(), N, V, C);
  for (int i = 0; i < V * C; i++) EXPECT_NEAR(dW_bag[i], dW_product[i], 1e-5) << i;
}

TEST(EmbeddingBag, BackwardMatchesFiniteDifferences) {
  // L = sum out * R is linear in W, so central differences are exact up to double
  // rounding (~1e-10); the analytic side sums up to k * T float terms: 1e-5.
  const int V = 9, C = 3, B = 2, T = 6, k = 4, N = B * T;
  Rng r(3);
  std::vector<float> W(V * C), R(N * C), dW(V * C, 0.0f);
  for (float& w : W) w = float(r.normal());
  for (float& v : R) v = r.uniform_float() - 0.5f;
  std::vector<int32_t> x(N);
  for (int32_t& id : x) id = int32_t(r.below(V));
  embedding_bag_backward(dW.data(), R.data(), x.data(), B, T, C, k);
  auto loss = [&](const std::vector<double>& p) {
    std::vector<float> Wf(p.begin(), p.end()), out(N * C);
    embedding_bag_forward(out.data(), x.data(), Wf.data(), B, T, V, C, k);
    double L = 0;
    for (int i = 0; i < N * C; i++) L += double(out[i]) * R[i];
    return L;
  };
  GradCheckResult g = gradcheck(loss, std::vector<double>(W.begin(), W.end()), dW.data(), 1e-2);
  EXPECT_LT(g.max_rel_error, 1e-4) << "worst at " << g.worst << ": analytic " << g.analytic
                                   << " numeric " << g.numeric;
}
