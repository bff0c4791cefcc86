// A sampled softmax head: the cross-entropy of the next token estimated from the target
// and K sampled "negative" tokens instead of all V, so a row costs K dot products, not V.
// With o_v = h_n . W[v] + b[v] (the logit the full head, nn/linear.h, would give token v),
// y = y_n, and negatives s_1..s_K drawn from a noise distribution q (nn/unigram_sampler.h),
// with replacement, shared by the N rows of a batch, row n's candidates and logits are
//   the target y:       o_y
//   each negative s_k:  o_{s_k} - log(K q(s_k)),  or -inf (masked) when s_k = y
// and its loss is -log softmax at the target, over those K + 1 candidates:
//   loss_n = log(e^{o_y} + sum over k with s_k != y of e^{o_{s_k}} / (K q(s_k))) - o_y.
// The sum is an importance-sampling estimate of sum over v != y of e^{o_v}: its mean is
// exactly that, so the argument of the log estimates the full softmax's normaliser Z
// without bias, and loss_n estimates the full cross-entropy log Z - o_y. Because log is
// concave the estimate is low on average (Jensen), by about Var(Z estimate) / 2 Z^2,
// which shrinks like 1/K. The loss's gradient is the full softmax's with the candidates'
// probabilities in place of all V, and it too approaches the full gradient as K grows.
// The subtracted log(K q(v)) is the log of the number of times v is expected among the
// candidates: K q(v) for a drawn token, and 1 for the target, which is placed once for
// sure while its drawn copies are masked ("removing accidental hits"), hence no
// correction on the target. (TensorFlow's tf.nn.sampled_softmax_loss also subtracts
// log(K q(y)) from the target: its loss then grows like log K and no longer estimates
// the full one.) References: Bengio and Senecal 2008, "Adaptive importance sampling to
// accelerate training of a neural probabilistic language model"; Jean et al. 2015, "On
// using very large target vocabulary for neural machine translation".
// e.g. every logit 0, V = 3, q uniform, negatives {0,1,2} (K q = 1: no correction),
// target 0: the drawn 0 is masked, loss = log(1 + 1 + 1) = log 3, the full softmax loss.
// In a training step, K negatives per batch:
//   noise.draw(neg, log_kq, K, &rng);  // UnigramSampler, seeded
//   loss = head.forward(h, W, b, y, neg, log_kq, N, V, C, K);
//   head.backward(dh, dW, db, &rows, h);
// Evaluation stays on the full softmax: it is the loss this one estimates.
// Shapes: N rows (positions), C input features, V vocab size, K negatives per batch.
#pragma once
#include <cstdint>
#include <vector>

namespace embedlab {

class SampledSoftmax {
 public:
  // Returns the mean over N rows of loss_n, and keeps what backward needs.
  // h (N,C), W (V,C), b (V) or null, y (N) the targets, negatives (K), log_kq (K) =
  // log(K q(negatives[k])) (UnigramSampler::draw gives both). A negative may repeat.
  // REQUIRES: 0 <= y[n], negatives[k] < V; log_kq[k] finite; N, C, K > 0
  double forward(const float* h, const float* W, const float* b, const int32_t* y,
                 const int32_t* negatives, const float* log_kq, int N, int V, int C, int K);

  // dh (N,C) += dloss dL/dh; dW (V,C) += dloss dL/dW and db (V) += dloss dL/db, which
  // are 0 outside the rows of the targets and the negatives. *rows becomes the sorted
  // distinct union of *rows and those rows, the rows an optimizer has to update (as in
  // embedding_backward_sparse), when dW is given. h is the forward's; W is read from the
  // copies forward kept of the rows it used. dh, dW, db, rows may each be null.
  void backward(float* dh, float* dW, float* db, std::vector<int32_t>* rows, const float* h,
                float dloss = 1.0f);

  // The K + 1 candidates' probabilities from the last forward: at the target (N), and at
  // each negative (N,K), 0 where masked.
  const std::vector<float>& p_target() const { return p_true_; }
  const std::vector<float>& p_negatives() const { return p_neg_; }

 private:
  int N_ = 0, C_ = 0, K_ = 0;
  std::vector<int32_t> y_, neg_;  // (N), (K)
  std::vector<float> Wy_, Wk_;    // (N,C) the targets' rows of W, (K,C) the negatives'
  std::vector<float> p_true_;     // (N)
  std::vector<float> p_neg_;      // (N,K): the negatives' logits, then their probabilities
  std::vector<float> g_true_;     // (N) dloss/N (p - 1) at the target
  std::vector<float> g_neg_;      // (N,K) dloss/N p at the negatives
  std::vector<float> dWy_, dWk_;  // (N,C), (K,C): gradients before the scatter into dW
};

}  // namespace embedlab
