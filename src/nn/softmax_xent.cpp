#include "nn/softmax_xent.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "util/parallel.h"

// a * b + c stays a multiply then an add (two roundings), as in plain x86-64 code.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace embedlab {

// exp(x) for x <= 0, vectorisable and the same bits on every x86-64 machine (plain
// float arithmetic, no fused multiply-add, no library call): x = k ln2 + r with
// |r| <= ln2/2, exp(r) by its degree-6 Taylor polynomial (relative error below 2e-7
// on that interval, about 2 float ulps), times 2^k built from the exponent bits.
static inline float exp_nonpositive(float x) {
  x = x >= -87.0f ? x : -87.0f;  // exp(-87) ~ 1.6e-38: still normal; a NaN input also lands here
  const float kRound = 12582912.0f;               // 1.5 * 2^23: adding it rounds to an integer
  float k = (x * 1.44269504f + kRound) - kRound;  // nearest integer to x / ln2
  k = k > -127.0f ? k : -127.0f;                  // a NaN x (a diverged run): keeps the
                                                  // shift below defined; p is NaN anyway
  float r = x - k * 0.693359375f;                 // ln2 split in two parts so that
  r = r - k * -2.12194440e-4f;                    // k * ln2_hi is exact
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.66666672e-1f +
                                                r * (4.16666679e-2f +
                                                     r * (8.33333377e-3f + r * 1.38888892e-3f)))));
  uint32_t bits = uint32_t(int32_t(k) + 127) << 23;  // k + 127 is in [1, 128] here
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// p[v] = exp(x[v] - mx) for every v; returns their sum. The sum is kept in 16 running
// partial sums added in a fixed order, so it vectorises without reordering anything.
// Built three times, for AVX-512, AVX2 and plain x86-64, chosen at load time. No
// multiply and add is fused into one FMA instruction (which AVX-512 has) anywhere in
// this file (the pragmas above), so all three give the same bits: a test pins them.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define EMBEDLAB_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMBEDLAB_VECTOR_CLONES
#endif

EMBEDLAB_VECTOR_CLONES static float exp_and_sum(float* p, const float* x, float mx, int V) {
  float acc[16] = {0};
  int v = 0;
  for (; v + 16 <= V; v += 16)
    for (int i = 0; i < 16; i++) {
      float e = exp_nonpositive(x[v + i] - mx);
      p[v + i] = e;
      acc[i] += e;
    }
  for (; v < V; v++) {
    float e = exp_nonpositive(x[v] - mx);
    p[v] = e;
    acc[0] += e;
  }
  float sum = 0;
  for (int i = 0; i < 16; i++) sum += acc[i];
  return sum;
}

// The largest of x[0..V), from 16 running maxima (the same value in any order).
EMBEDLAB_VECTOR_CLONES static float row_max(const float* x, int V) {
  float m[16];
  for (int i = 0; i < 16; i++) m[i] = x[0];
  int v = 0;
  for (; v + 16 <= V; v += 16)
    for (int i = 0; i < 16; i++) m[i] = x[v + i] > m[i] ? x[v + i] : m[i];
  for (; v < V; v++) m[0] = x[v] > m[0] ? x[v] : m[0];
  float mx = m[0];
  for (int i = 1; i < 16; i++) mx = m[i] > mx ? m[i] : mx;
  return mx;
}

// Rows are independent: they are split across threads, and the per-row losses are
// summed in row order afterwards, so the result does not depend on the thread count.
double softmax_xent_forward(float* probs, const float* logits, const int32_t* targets, int N,
                            int V) {
  std::vector<double> row_loss(static_cast<size_t>(N));
  parallel_for(N, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; n++) {
      const float* x = logits + size_t(n) * V;
      float* p = probs + size_t(n) * V;
      float mx = row_max(x, V);
      float target_logit = x[targets[n]];  // read before an in-place overwrite
      float sum = exp_and_sum(p, x, mx, V);
      float inv = 1.0f / sum;
      for (int v = 0; v < V; v++) p[v] *= inv;
      row_loss[size_t(n)] = std::log(double(sum)) + mx - target_logit;
    }
  });
  double total = 0;
  for (double l : row_loss) total += l;
  return N > 0 ? total / N : 0.0;
}

double softmax_xent_fused(float* logits_to_dlogits, const int32_t* targets, float dloss, int N,
                          int V) {
  std::vector<double> row_loss(static_cast<size_t>(N));
  const float scale = dloss / float(N);
  parallel_for(N, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; n++) {
      float* x = logits_to_dlogits + size_t(n) * V;
      float mx = row_max(x, V);
      float target_logit = x[targets[n]];
      float sum = exp_and_sum(x, x, mx, V);
      float k = scale / sum;
      for (int v = 0; v < V; v++) x[v] *= k;
      x[targets[n]] -= scale;
      row_loss[size_t(n)] = std::log(double(sum)) + mx - target_logit;
    }
  });
  double total = 0;
  for (double l : row_loss) total += l;
  return N > 0 ? total / N : 0.0;
}

void softmax_xent_backward(float* dlogits, const float* probs, const int32_t* targets, float dloss,
                           int N, int V) {
  float scale = dloss / float(N);
  for (int n = 0; n < N; n++) {
    float* d = dlogits + size_t(n) * V;
    const float* p = probs + size_t(n) * V;
    for (int v = 0; v < V; v++) d[v] += scale * p[v];
    d[targets[n]] -= scale;
  }
}

void softmax_xent_backward_inplace(float* probs_to_dlogits, const int32_t* targets, float dloss,
                                   int N, int V) {
  float scale = dloss / float(N);
  parallel_for(N, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; n++) {
      float* d = probs_to_dlogits + size_t(n) * V;
      for (int v = 0; v < V; v++) d[v] *= scale;
      d[targets[n]] -= scale;
    }
  });
}

}  // namespace embedlab
