// The linear head and the fused softmax cross-entropy, against plain loops and
// central finite differences in double precision.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "nn/linear.h"
#include "nn/softmax_xent.h"
#include "util/rng.h"

using namespace embedlab;

static std::vector<float> randn(size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<float> v(n);
  for (float& x : v) x = float(r.normal());
  return v;
}

// The loss of the head: mean xent of softmax(h W^T + b), as a double function of a
// parameter vector that is perturbed in place.
static double head_loss(const std::vector<float>& h, const std::vector<float>& W,
                        const std::vector<float>& b, const std::vector<int32_t>& y, int N, int C,
                        int V) {
  std::vector<float> logits(size_t(N) * V), probs(size_t(N) * V);
  linear_forward(logits.data(), h.data(), W.data(), b.data(), N, C, V);
  return softmax_xent_forward(probs.data(), logits.data(), y.data(), N, V);
}

TEST(Linear, ForwardMatchesPlainLoops) {
  const int N = 5, C = 4, V = 7;
  auto h = randn(N * C, 1), W = randn(V * C, 2), b = randn(V, 3);
  std::vector<float> out(N * V);
  linear_forward(out.data(), h.data(), W.data(), b.data(), N, C, V);
  for (int n = 0; n < N; n++)
    for (int v = 0; v < V; v++) {
      double s = b[v];
      for (int c = 0; c < C; c++) s += double(h[n * C + c]) * W[v * C + c];
      EXPECT_NEAR(out[n * V + v], s, 1e-5);  // float sums of 4 products
    }
}

TEST(SoftmaxXent, UniformLogitsGiveLogV) {
  // Equal logits: every class has probability 1/V, so the loss is ln V exactly.
  const int N = 3, V = 50;
  std::vector<float> logits(N * V, 0.25f), probs(N * V);
  std::vector<int32_t> y = {0, 17, 49};
  EXPECT_NEAR(softmax_xent_forward(probs.data(), logits.data(), y.data(), N, V), std::log(50.0),
              1e-6);
}

TEST(SoftmaxXent, HugeLogitsStayFinite) {
  // Without subtracting the max, exp(1000) overflows. Loss = ln(1 + e^-1) for target 0.
  std::vector<float> logits = {1000.0f, 999.0f}, probs(2);
  std::vector<int32_t> y = {0};
  double loss = softmax_xent_forward(probs.data(), logits.data(), y.data(), 1, 2);
  EXPECT_NEAR(loss, std::log(1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_TRUE(std::isfinite(probs[0]) && std::isfinite(probs[1]));
}

TEST(SoftmaxXent, InPlaceEqualsSeparateBuffers) {
  const int N = 4, V = 9;
  auto logits = randn(N * V, 4);
  std::vector<int32_t> y = {1, 8, 0, 8};
  std::vector<float> probs(N * V), d(N * V, 0.0f), inplace = logits;
  double a = softmax_xent_forward(probs.data(), logits.data(), y.data(), N, V);
  double b = softmax_xent_forward(inplace.data(), inplace.data(), y.data(), N, V);
  EXPECT_EQ(a, b);
  softmax_xent_backward(d.data(), probs.data(), y.data(), 1.0f, N, V);
  softmax_xent_backward_inplace(inplace.data(), y.data(), 1.0f, N, V);
  for (int i = 0; i < N * V; i++) EXPECT_EQ(d[i], inplace[i]);
}

TEST(SoftmaxXent, FusedEqualsForwardThenBackward) {
  const int N = 5, V = 37;
  auto logits = randn(N * V, 8);
  std::vector<int32_t> y = {0, 36, 5, 5, 20};
  std::vector<float> probs(N * V), fused = logits;
  double a = softmax_xent_forward(probs.data(), logits.data(), y.data(), N, V);
  softmax_xent_backward_inplace(probs.data(), y.data(), 1.0f, N, V);
  double b = softmax_xent_fused(fused.data(), y.data(), 1.0f, N, V);
  EXPECT_EQ(a, b);  // the same sums and logs
  // dlogits differ only by rounding: p * inv * scale vs p * (scale * inv), a few ulps.
  for (int i = 0; i < N * V; i++) EXPECT_NEAR(fused[i], probs[i], 1e-7) << i;
}

// The fused softmax runs as an AVX-512, an AVX2 or a plain x86-64 clone, whichever the
// processor has (and unvectorised under the sanitizers); all must give the same bits,
// so a run gives the same weights on every machine. The pinned hash of the gradients
// is the plain x86-64 build's (no vector clones); V = 4099 leaves a ragged tail.
TEST(SoftmaxXent, SameBitsFromEveryVectorClone) {
  const int N = 64, V = 4099;
  Rng r(31);
  std::vector<float> x(size_t(N) * V);
  for (float& v : x) v = float(r.normal() * 4.0);
  x[3] = -200.0f;    // exp underflows to its floor
  x[V + 9] = 90.0f;  // one row dominated by a single logit
  std::vector<int32_t> y(N);
  for (int32_t& t : y) t = int32_t(r.below(V));
  const double loss = softmax_xent_fused(x.data(), y.data(), 1.0f, N, V);
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the gradients' bits
  for (float f : x) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    h = (h ^ bits) * 1099511628211ull;
  }
  EXPECT_EQ(h, 0x30e870c29e757b98ull);
  EXPECT_NEAR(loss, 16.217940067499587, 1e-12);
}

TEST(Linear, HeadBackwardMatchesFiniteDifferences) {
  const int N = 6, C = 5, V = 11;
  auto h = randn(N * C, 5), W = randn(V * C, 6), b = randn(V, 7);
  std::vector<int32_t> y = {0, 3, 3, 10, 7, 1};  // a repeated target on purpose
  std::vector<float> logits(N * V), probs(N * V), dlogits(N * V, 0.0f);
  linear_forward(logits.data(), h.data(), W.data(), b.data(), N, C, V);
  softmax_xent_forward(probs.data(), logits.data(), y.data(), N, V);
  softmax_xent_backward(dlogits.data(), probs.data(), y.data(), 1.0f, N, V);
  std::vector<float> dh(N * C, 0.0f), dW(V * C, 0.0f), db(V, 0.0f);
  linear_backward(dh.data(), dW.data(), db.data(), dlogits.data(), h.data(), W.data(), N, C, V);

  // Central differences with step 1e-3 on float parameters: truncation error is
  // O(eps^2) ~ 1e-6 and float rounding of the loss (~1e-7 relative) divided by 2 eps
  // gives ~1e-4 absolute noise, so compare with 2e-3 absolute + 1e-2 relative.
  const double eps = 1e-3;
  double worst = 0;
  auto check = [&](std::vector<float>* p, const std::vector<float>& grad) {
    for (size_t i = 0; i < p->size(); i++) {
      float keep = (*p)[i];
      (*p)[i] = keep + float(eps);
      double up = head_loss(h, W, b, y, N, C, V);
      (*p)[i] = keep - float(eps);
      double down = head_loss(h, W, b, y, N, C, V);
      (*p)[i] = keep;
      double fd = (up - down) / (2 * eps);
      double err = std::fabs(fd - grad[i]);
      worst = std::max(worst, err / (2e-3 + 1e-2 * std::fabs(fd)));
      EXPECT_NEAR(grad[i], fd, 2e-3 + 1e-2 * std::fabs(fd)) << "index " << i;
    }
  };
  check(&h, dh);
  check(&W, dW);
  check(&b, db);
  EXPECT_LT(worst, 1.0);
}
