#include "nn/embedding_bag.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "nn/embedding.h"

namespace embedlab {

void embedding_bag_forward(float* out, const int32_t* x, const float* W, int B, int T, int V,
                           int C, int k) {
  if (k == 1) return embedding_forward(out, x, W, B * T, V, C);  // the tuned lookup
  for (int b = 0; b < B; b++) {
    const int32_t* x_b = x + size_t(b) * T;
    for (int t = 0; t < T; t++) {
      float* out_t = out + (size_t(b) * T + t) * C;
      const int j0 = std::max(0, t - k + 1);
      std::memcpy(out_t, W + size_t(x_b[j0]) * C, sizeof(float) * size_t(C));
      for (int j = j0 + 1; j <= t; j++) {
        const float* row = W + size_t(x_b[j]) * C;
        for (int c = 0; c < C; c++) out_t[c] += row[c];
      }
      const int count = t - j0 + 1;
      if (count == 1) continue;
      const float inv = 1.0f / float(count);
      for (int c = 0; c < C; c++) out_t[c] *= inv;
    }
  }
}

void embedding_bag_backward(float* dW, const float* dout, const int32_t* x, int B, int T, int C,
                            int k) {
  if (k == 1) return embedding_backward(dW, dout, x, B * T, C);
  for (int b = 0; b < B; b++) {
    const int32_t* x_b = x + size_t(b) * T;
    for (int t = 0; t < T; t++) {
      const float* dout_t = dout + (size_t(b) * T + t) * C;
      const int j0 = std::max(0, t - k + 1);
      const float inv = 1.0f / float(t - j0 + 1);
      for (int j = j0; j <= t; j++) {
        float* row = dW + size_t(x_b[j]) * C;  // a row the mean read in forward
        for (int c = 0; c < C; c++) row[c] += inv * dout_t[c];
      }
    }
  }
}

void multihot_build(float* X, const int32_t* x, int B, int T, int V, int k) {
  std::memset(X, 0, sizeof(float) * size_t(B) * T * V);
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      float* X_n = X + (size_t(b) * T + t) * V;
      const int j0 = std::max(0, t - k + 1);
      const float inv = 1.0f / float(t - j0 + 1);
      for (int j = j0; j <= t; j++) X_n[x[size_t(b) * T + j]] += inv;
    }
}

}  // namespace embedlab
