#include "nn/linear.h"

#include <cblas.h>

#include <cstddef>

namespace embedlab {

void linear_forward(float* out, const float* h, const float* W, const float* b, int N, int C,
                    int V) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, V, C, 1.0f, h, C, W, C, 0.0f, out, V);
  if (!b) return;
  for (int n = 0; n < N; n++) {
    float* row = out + size_t(n) * V;
    for (int v = 0; v < V; v++) row[v] += b[v];
  }
}

void linear_backward(float* dh, float* dW, float* db, const float* dout, const float* h,
                     const float* W, int N, int C, int V) {
  if (dh)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, V, 1.0f, dout, V, W, C, 1.0f,
                dh, C);
  if (dW)
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, V, C, N, 1.0f, dout, V, h, C, 1.0f, dW,
                C);
  if (db)
    for (int n = 0; n < N; n++) {
      const float* row = dout + size_t(n) * V;
      for (int v = 0; v < V; v++) db[v] += row[v];
    }
}

}  // namespace embedlab
