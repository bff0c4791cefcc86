#include "nn/embedding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "nn/gradcheck.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "util/rng.h"

// Shapes: B sequences, T positions, N tokens, V vocab size, C embedding dim.
using namespace embedlab;

TEST(Embedding, StyleGuideExample) {
  // W=[[1,2],[3,4],[5,6]], ids={2,0} -> [[5,6],[1,2]]
  const float W[6] = {1, 2, 3, 4, 5, 6};
  const int32_t ids[2] = {2, 0};
  float out[4];
  embedding_forward(out, ids, W, 2, 3, 2);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{5, 6, 1, 2}));
}

TEST(Embedding, LookupEqualsOneHotMatmul) {
  // Bitwise: each output is one W value plus zeros (0 * w is exactly 0).
  const int V = 50, C = 7, N = 31;
  std::vector<float> W(V * C);
  Initializer(InitKind::kDefault, 3).embedding(W.data(), V, C);
  Rng rng(4);
  std::vector<int32_t> ids(N);
  for (auto& id : ids) id = int32_t(rng.below(V));
  std::vector<float> lookup(N * C), onehot(N * C), X(N * V);
  embedding_forward(lookup.data(), ids.data(), W.data(), N, V, C);
  onehot_build(X.data(), ids.data(), N, V);
  onehot_forward(onehot.data(), X.data(), W.data(), N, V, C);
  EXPECT_EQ(lookup, onehot);
}

TEST(Embedding, BackwardRepeatedIdsAccumulate) {
  // ids {1, 1, 0}: row 1 gets dout[0] + dout[1], row 0 gets dout[2], row 2 nothing.
  const int32_t ids[3] = {1, 1, 0};
  const float dout[6] = {1, 2, 10, 20, 100, 200};
  float dW[6] = {0.5f, 0.5f, 0, 0, 7, 7};  // backward adds to what is there
  embedding_backward(dW, dout, ids, 3, 2);
  EXPECT_EQ(std::vector<float>(dW, dW + 6), (std::vector<float>{100.5f, 200.5f, 11, 22, 7, 7}));
}

TEST(Embedding, SparseBackwardRecordsSortedDistinctRows) {
  const int C = 2;
  const int32_t ids[5] = {4, 1, 4, 0, 1};
  const float dout[10] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
  std::vector<float> dense(6 * C, 0), sparse(6 * C, 0);
  embedding_backward(dense.data(), dout, ids, 5, C);
  std::vector<int32_t> rows = {3};  // already touched by an earlier batch
  embedding_backward_sparse(sparse.data(), &rows, dout, ids, 5, C);
  EXPECT_EQ(sparse, dense);
  EXPECT_EQ(rows, (std::vector<int32_t>{0, 1, 3, 4}));
  EXPECT_EQ(touched_rows(ids, 5), (std::vector<int32_t>{0, 1, 4}));
}

TEST(Embedding, IdOutOfRangeIsRejectedWithItsPosition) {
  Tensor W(6, 3), out;
  Status s = embedding_lookup(&out, {2, 3, 6, 1}, W);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "token id 6 at position 2 is out of range: the table has 6 rows (ids 0..5)");
  s = embedding_lookup(&out, {-1}, W);
  EXPECT_EQ(s.message(),
            "token id -1 at position 0 is out of range: the table has 6 rows (ids 0..5)");
}

TEST(Embedding, BackwardShapeMismatchIsAnError) {
  Tensor dW(6, 3), dout(2, 4);
  Status s = embedding_lookup_backward(&dW, dout, {1, 2});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding backward: dout has shape (2,4), expected (2,3)");
  Tensor dout3(3, 3);
  s = embedding_lookup_backward(&dW, dout3, {1, 2});
  EXPECT_EQ(s.message(), "embedding backward: dout has shape (3,3), expected (2,3)");
}

TEST(Embedding, EmptyTableIsAnError) {
  Tensor W, out;
  Status s = embedding_lookup(&out, {0}, W);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table W has shape (0,0), expected (V,C) > 0");
}

TEST(Embedding, CheckedLookupMatchesRawKernel) {
  Tensor W(4, 2), out;
  for (size_t i = 0; i < W.size(); i++) W.data()[i] = float(i);
  ASSERT_TRUE(embedding_lookup(&out, {3, 0, 3}, W).ok());
  EXPECT_EQ(out.shape(), "(3,2)");
  EXPECT_EQ(std::vector<float>(out.data(), out.data() + 6), (std::vector<float>{6, 7, 0, 1, 6, 7}));
}

TEST(PositionEmbedding, AddsRowTAtEveryPositionTAndBackwardSumsOverBatch) {
  const int B = 2, T = 3, C = 2;
  const float P[6] = {1, 2, 3, 4, 5, 6};
  std::vector<float> x(B * T * C, 10.0f), out(B * T * C);
  position_forward(out.data(), x.data(), P, B, T, C);
  EXPECT_EQ(out, (std::vector<float>{11, 12, 13, 14, 15, 16, 11, 12, 13, 14, 15, 16}));
  position_forward(x.data(), x.data(), P, B, T, C);  // in place
  EXPECT_EQ(x, out);
  std::vector<float> dout(B * T * C);
  for (size_t i = 0; i < dout.size(); i++) dout[i] = float(i);
  float dP[6] = {0};
  position_backward(dP, dout.data(), B, T, C);
  // dP[i] = dout[0][i] + dout[1][i] = i + (i + 6)
  EXPECT_EQ(std::vector<float>(dP, dP + 6), (std::vector<float>{6, 8, 10, 12, 14, 16}));
}

namespace {

// The loss the gradient checks use, in double:
//   x[b,t] = Wte[ids[b,t]] + Wpe[t],  L = sum over b,t,c of R[b,t,c] * tanh(x[b,t,c])
// with R fixed random. tanh makes it non-linear, so a wrong backward cannot hide
// behind a linear loss whose central difference is exact anyway.
struct TinyModel {
  int B = 3, T = 4, V = 7, C = 5;
  std::vector<int32_t> ids;  // (B,T), with repeats
  std::vector<float> R;      // (B,T,C)

  TinyModel() {
    Rng rng(11);
    ids.resize(B * T);
    for (auto& id : ids) id = int32_t(rng.below(V));
    ids[1] = ids[0];  // make sure one id repeats
    R.resize(size_t(B) * T * C);
    for (auto& r : R) r = rng.uniform_float() * 2 - 1;
  }
  // params = Wte (V,C) then Wpe (T,C), in double.
  double loss(const std::vector<double>& p) const {
    const double* Wte = p.data();
    const double* Wpe = p.data() + V * C;
    double L = 0;
    for (int b = 0; b < B; b++)
      for (int t = 0; t < T; t++)
        for (int c = 0; c < C; c++) {
          double x = Wte[ids[b * T + t] * C + c] + Wpe[t * C + c];
          L += R[(b * T + t) * C + c] * std::tanh(x);
        }
    return L;
  }
  // The float path through the kernels under test: dWte and dWpe, concatenated.
  std::vector<float> analytic(const std::vector<float>& Wte, const std::vector<float>& Wpe) const {
    const int N = B * T;
    std::vector<float> x(size_t(N) * C), dx(size_t(N) * C);
    embedding_forward(x.data(), ids.data(), Wte.data(), N, V, C);
    position_forward(x.data(), x.data(), Wpe.data(), B, T, C);
    for (size_t i = 0; i < x.size(); i++) {
      float th = std::tanh(x[i]);
      dx[i] = R[i] * (1 - th * th);
    }
    std::vector<float> grad(size_t(V + T) * C, 0.0f);
    embedding_backward(grad.data(), dx.data(), ids.data(), N, C);
    position_backward(grad.data() + V * C, dx.data(), B, T, C);
    return grad;
  }
};

}  // namespace

TEST(Embedding, BackwardMatchesFiniteDifferences) {
  TinyModel m;
  std::vector<float> Wte(m.V * m.C), Wpe(m.T * m.C);
  Initializer init(InitKind::kDefault, 21);
  init.embedding(Wte.data(), m.V, m.C);
  init.embedding(Wpe.data(), m.T, m.C);
  std::vector<double> p(Wte.begin(), Wte.end());
  p.insert(p.end(), Wpe.begin(), Wpe.end());
  std::vector<float> grad = m.analytic(Wte, Wpe);
  GradCheckResult r = gradcheck([&](const std::vector<double>& q) { return m.loss(q); }, p,
                                grad.data(), 1e-5);
  EXPECT_EQ(r.checked, size_t(m.V + m.T) * m.C);
  RecordProperty("max_rel_error", std::to_string(r.max_rel_error));  // ~2.4e-6 measured
  // The numeric side is good to ~1e-10 (double, h = 1e-5); the analytic side is float:
  // tanh and 1 - th^2 in float lose up to a few ulps (relative ~1e-6 when th^2 is near
  // 1 and the subtraction cancels), and up to B = 3 terms are summed. 1e-4 leaves a wide
  // margin while a wrong gradient (missing row, wrong sign, no accumulation) gives ~1.
  EXPECT_LT(r.max_rel_error, 1e-4) << "worst at " << r.worst << ": analytic " << r.analytic
                                   << " numeric " << r.numeric;
  // Rows no token uses have an exactly zero gradient both ways.
  std::vector<int32_t> used = touched_rows(m.ids.data(), int(m.ids.size()));
  for (int v = 0; v < m.V; v++) {
    if (std::binary_search(used.begin(), used.end(), v)) continue;
    for (int c = 0; c < m.C; c++) EXPECT_EQ(grad[v * m.C + c], 0.0f);
  }
}

TEST(Embedding, BackwardOfLinearLossIsTheScatterOfR) {
  // L = sum out * R with out = W[ids]: dL/dW[v] = sum of R[n] over n with ids[n] = v,
  // exactly what the finite differences of a linear loss give (exact up to 1e-10).
  const int V = 5, C = 3, N = 6;
  const int32_t ids[N] = {0, 3, 3, 1, 3, 4};
  Rng rng(2);
  std::vector<float> W(V * C), R(N * C);
  for (auto& w : W) w = float(rng.normal());
  for (auto& r : R) r = rng.uniform_float() - 0.5f;
  std::vector<float> dW(V * C, 0.0f);
  embedding_backward(dW.data(), R.data(), ids, N, C);
  auto loss = [&](const std::vector<double>& p) {
    double L = 0;
    for (int n = 0; n < N; n++)
      for (int c = 0; c < C; c++) L += p[ids[n] * C + c] * R[n * C + c];
    return L;
  };
  GradCheckResult r = gradcheck(loss, std::vector<double>(W.begin(), W.end()), dW.data());
  // Row 3 sums three float R values (one rounding each, ~6e-8 relative) -> 1e-6.
  EXPECT_LT(r.max_rel_error, 1e-6);
}
