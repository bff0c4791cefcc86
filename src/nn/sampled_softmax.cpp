#include "nn/sampled_softmax.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "nn/embedding.h"
#include "nn/tensor.h"
#include "util/parallel.h"

namespace embedlab {

namespace {

// a . b from 8 running partial sums added in a fixed order: it vectorises, and gives
// the same bits on every machine.
float dot(const float* a, const float* b, int C) {
  float acc[8] = {0};
  int c = 0;
  for (; c + 8 <= C; c += 8)
    for (int i = 0; i < 8; i++) acc[i] += a[c + i] * b[c + i];
  for (; c < C; c++) acc[0] += a[c] * b[c];
  float s = 0;
  for (int i = 0; i < 8; i++) s += acc[i];
  return s;
}

// One row's softmax over its K + 1 candidates. On entry s (K) holds h_n . W[s_k]; on
// return the candidates' probabilities (0 where masked). offset[k] = b[s_k] - log(K q(s_k)).
// Returns loss_n = log(sum of exp) - target logit, with the max subtracted first.
double candidate_softmax(float* p_true, float* s, float target_logit, const float* offset,
                         const int32_t* negatives, int32_t y, int K) {
  const float kMasked = -std::numeric_limits<float>::infinity();
  float mx = target_logit;
  for (int k = 0; k < K; k++) {
    s[k] = negatives[k] == y ? kMasked : s[k] + offset[k];
    mx = std::max(mx, s[k]);
  }
  const float e_true = std::exp(target_logit - mx);
  double sum = e_true;
  for (int k = 0; k < K; k++) {
    s[k] = std::exp(s[k] - mx);  // exp(-inf) = 0: a masked candidate
    sum += s[k];
  }
  const float inv = float(1.0 / sum);
  *p_true = e_true * inv;
  for (int k = 0; k < K; k++) s[k] *= inv;
  return std::log(sum) + double(mx) - double(target_logit);
}

}  // namespace

double SampledSoftmax::forward(const float* h, const float* W, const float* b, const int32_t* y,
                               const int32_t* negatives, const float* log_kq, int N, int V, int C,
                               int K) {
  N_ = N, C_ = C, K_ = K;
  y_.assign(y, y + N);
  neg_.assign(negatives, negatives + K);
  Wy_.resize(size_t(N) * C);
  Wk_.resize(size_t(K) * C);
  p_true_.resize(static_cast<size_t>(N));
  p_neg_.resize(size_t(N) * K);
  embedding_forward(Wy_.data(), y, W, N, V, C);
  embedding_forward(Wk_.data(), negatives, W, K, V, C);
  sgemm(p_neg_.data(), h, false, Wk_.data(), true, N, K, C, 0.0f);  // (N,K) = h Wk^T

  std::vector<float> offset(static_cast<size_t>(K));
  for (int k = 0; k < K; k++) offset[size_t(k)] = (b ? b[negatives[k]] : 0.0f) - log_kq[k];
  // Rows are independent; their losses are summed in row order, whatever the threads.
  std::vector<double> row_loss(static_cast<size_t>(N));
  parallel_for(N, 64, [&](int64_t lo, int64_t hi) {
    for (int64_t n = lo; n < hi; n++) {
      const size_t i = size_t(n);
      float target_logit = dot(h + i * C, Wy_.data() + i * C, C) + (b ? b[y[n]] : 0.0f);
      row_loss[i] = candidate_softmax(&p_true_[i], p_neg_.data() + i * K, target_logit,
                                      offset.data(), negatives, y[n], K);
    }
  });
  double total = 0;
  for (double l : row_loss) total += l;
  return total / N;
}

// With g = dloss/N (p - onehot at the target) over the candidates (the softmax
// cross-entropy's gradient, nn/softmax_xent.h), each candidate's logit is h_n . W[v] +
// a constant, so: dh_n += sum of g times the candidates' rows of W, dW[v] += g h_n at
// each candidate v of each row, db[v] += g. The negatives' part is two products.
void SampledSoftmax::backward(float* dh, float* dW, float* db, std::vector<int32_t>* rows,
                              const float* h, float dloss) {
  const int N = N_, C = C_, K = K_;
  const float scale = dloss / float(N);
  std::vector<float>& g_true = g_true_;  // kept between calls: no allocation per step
  std::vector<float>& g_neg = g_neg_;
  g_true.resize(static_cast<size_t>(N));
  g_neg.resize(size_t(N) * K);
  for (int n = 0; n < N; n++) g_true[size_t(n)] = scale * (p_true_[size_t(n)] - 1.0f);
  for (size_t i = 0; i < g_neg.size(); i++) g_neg[i] = scale * p_neg_[i];

  if (dh) {
    sgemm(dh, g_neg.data(), false, Wk_.data(), false, N, C, K, 1.0f);  // (N,K) (K,C)
    for (int n = 0; n < N; n++) {
      const float* w = Wy_.data() + size_t(n) * C;
      float* d = dh + size_t(n) * C;
      for (int c = 0; c < C; c++) d[c] += g_true[size_t(n)] * w[c];
    }
  }
  if (dW) {
    std::vector<int32_t> unused;
    if (!rows) rows = &unused;
    dWk_.resize(size_t(K) * C);
    sgemm(dWk_.data(), g_neg.data(), true, h, false, K, C, N, 0.0f);  // (K,N) (N,C)
    embedding_backward_sparse(dW, rows, dWk_.data(), neg_.data(), K, C);
    dWy_.resize(size_t(N) * C);
    for (int n = 0; n < N; n++)
      for (int c = 0; c < C; c++)
        dWy_[size_t(n) * C + c] = g_true[size_t(n)] * h[size_t(n) * C + c];
    embedding_backward_sparse(dW, rows, dWy_.data(), y_.data(), N, C);
  }
  if (db) {
    for (int n = 0; n < N; n++) {
      const float* g = g_neg.data() + size_t(n) * K;
      for (int k = 0; k < K; k++) db[neg_[size_t(k)]] += g[k];
      db[y_[size_t(n)]] += g_true[size_t(n)];
    }
  }
}

}  // namespace embedlab
