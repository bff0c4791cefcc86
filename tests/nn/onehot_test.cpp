#include "nn/onehot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "nn/embedding.h"
#include "nn/init.h"
#include "util/rng.h"

// Shapes: N tokens, V vocab size, C embedding dim.
using namespace embedlab;

TEST(OneHot, MatrixHasOneOnePerRowAtTheId) {
  Tensor X;
  ASSERT_TRUE(onehot_matrix(&X, {2, 0, 2}, 4).ok());
  EXPECT_EQ(X.shape(), "(3,4)");
  const std::vector<float> want = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0};
  EXPECT_EQ(std::vector<float>(X.data(), X.data() + 12), want);
}

TEST(OneHot, ForwardBitwiseEqualsLookup) {
  const int V = 300, C = 17;
  Tensor W(V, C);
  Initializer(InitKind::kTorch, 123).embedding(W.data(), V, C);
  std::vector<int32_t> ids = {5, 299, 0, 5, 17, 123, 299};
  Tensor X, Y, lookup;
  ASSERT_TRUE(onehot_matrix(&X, ids, V).ok());
  ASSERT_TRUE(onehot_matmul(&Y, X, W).ok());
  ASSERT_TRUE(embedding_lookup(&lookup, ids, W).ok());
  ASSERT_EQ(Y.shape(), lookup.shape());
  for (size_t i = 0; i < Y.size(); i++) EXPECT_EQ(Y.data()[i], lookup.data()[i]) << i;
}

TEST(OneHot, BackwardWithoutRepeatsEqualsScatterAddExactly) {
  // Each dW entry receives one dY value (plus zeros): no rounding at all.
  const int V = 40, C = 9;
  std::vector<int32_t> ids = {3, 39, 0, 12, 7};
  const int N = int(ids.size());
  Rng rng(8);
  Tensor dY(N, C), dW_onehot(V, C), dW_lookup(V, C), X;
  for (size_t i = 0; i < dY.size(); i++) dY.data()[i] = float(rng.normal());
  ASSERT_TRUE(onehot_matrix(&X, ids, V).ok());
  ASSERT_TRUE(onehot_matmul_backward(&dW_onehot, X, dY).ok());
  ASSERT_TRUE(embedding_lookup_backward(&dW_lookup, dY, ids).ok());
  for (size_t i = 0; i < dW_onehot.size(); i++)
    EXPECT_EQ(dW_onehot.data()[i], dW_lookup.data()[i]) << i;
}

TEST(OneHot, BackwardWithRepeatsEqualsScatterAddWithinRounding) {
  // Token 4 appears 200 times. The scatter-add sums its dY rows in token order; the
  // BLAS sums the same products in its own blocked order (and may fuse multiply-adds),
  // so the totals may differ in the last bits. Bound: summing k floats in any order
  // errs by at most (k-1) * eps * sum|terms| per order; we allow twice that.
  const int V = 16, C = 8, N = 400;
  Rng rng(9);
  std::vector<int32_t> ids(N);
  for (int n = 0; n < N; n++) ids[n] = n % 2 ? 4 : int32_t(rng.below(V));
  Tensor dY(N, C), dW_onehot(V, C), dW_lookup(V, C), X;
  for (size_t i = 0; i < dY.size(); i++) dY.data()[i] = float(rng.normal());
  ASSERT_TRUE(onehot_matrix(&X, ids, V).ok());
  ASSERT_TRUE(onehot_matmul_backward(&dW_onehot, X, dY).ok());
  ASSERT_TRUE(embedding_lookup_backward(&dW_lookup, dY, ids).ok());
  const double eps = 5.96e-8;  // 2^-24, float's unit roundoff
  for (int v = 0; v < V; v++) {
    int k = 0;
    for (int id : ids) k += id == v;
    for (int c = 0; c < C; c++) {
      double abs_sum = 0;
      for (int n = 0; n < N; n++)
        if (ids[n] == v) abs_sum += std::fabs(dY.at(n, c));
      double bound = 2.0 * std::max(k - 1, 0) * eps * abs_sum;
      EXPECT_LE(std::fabs(double(dW_onehot.at(v, c)) - dW_lookup.at(v, c)), bound)
          << "row " << v << " col " << c << " (" << k << " repeats)";
    }
  }
}

TEST(OneHot, MismatchedShapesAreErrors) {
  Tensor X(3, 5), W(4, 2), Y;
  Status s = onehot_matmul(&Y, X, W);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "one-hot forward: X (3,5) has 5 columns but W (4,2) has 4 rows");
  Tensor dY(2, 2), dW(5, 2);
  s = onehot_matmul_backward(&dW, X, dY);
  EXPECT_EQ(s.message(), "one-hot backward: X (3,5) and dY (2,2) have different numbers of rows");
  Tensor dY3(3, 2), dW_bad(4, 2);
  s = onehot_matmul_backward(&dW_bad, X, dY3);
  EXPECT_EQ(s.message(), "matmul: accumulated Y has shape (4,2), expected (5,2)");
}

TEST(OneHot, IdOutOfRangeIsRejected) {
  Tensor X;
  Status s = onehot_matrix(&X, {1, 9}, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "token id 9 at position 1 is out of range: the table has 4 rows (ids 0..3)");
}
