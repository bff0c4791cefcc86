#include "nn/linear.h"

#include <cblas.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "util/parallel.h"

namespace embedlab {

// The bias passes over the (N,V) logits are memory-bound, so they are split across
// threads: by rows in forward, by column blocks in backward, where each db[v] still
// sums its column in row order n = 0..N-1 (the same bits for any thread count).
void linear_forward(float* out, const float* h, const float* W, const float* b, int N, int C,
                    int V) {
  if (!b) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, V, C, 1.0f, h, C, W, C, 0.0f, out, V);
    return;
  }
  // Each row starts as b and the product is added to it (beta = 1): one pass over
  // the N x V output fewer than zeroing it, multiplying, then adding b.
  parallel_for(N, 1 + (1 << 16) / std::max(1, V), [&](int64_t lo, int64_t hi) {
    for (int64_t n = lo; n < hi; n++)
      std::memcpy(out + size_t(n) * V, b, sizeof(float) * size_t(V));
  });
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, V, C, 1.0f, h, C, W, C, 1.0f, out, V);
}

void linear_backward(float* dh, float* dW, float* db, const float* dout, const float* h,
                     const float* W, int N, int C, int V) {
  if (dh)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, V, 1.0f, dout, V, W, C, 1.0f, dh,
                C);
  if (dW)
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, V, C, N, 1.0f, dout, V, h, C, 1.0f, dW, C);
  if (db) {
    const int64_t grain = int64_t(N) * V < (1 << 16) ? V : 256;  // small: one thread
    parallel_for(V, grain, [&](int64_t lo, int64_t hi) {
      for (int n = 0; n < N; n++) {
        const float* row = dout + size_t(n) * V;
        for (int64_t v = lo; v < hi; v++) db[v] += row[v];
      }
    });
  }
}

}  // namespace embedlab
