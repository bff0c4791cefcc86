// The linear head: logits = h W^T + b, laid out like PyTorch's nn.Linear(C, V):
// W is (V, C), one row per output, b is (V).
// Forward and backward are three sgemm calls; nothing else clever.
// Shapes: N rows (positions), C input features, V outputs (the vocabulary).
#pragma once

namespace embedlab {

// out (N,V) = h (N,C) W^T (C,V) + b (V). `b` may be null (no bias).
void linear_forward(float* out, const float* h, const float* W, const float* b, int N, int C,
                    int V);
// dh (N,C) += dout (N,V) W (V,C); dW (V,C) += dout^T h; db (V) += column sums of dout.
// Any of dh, dW, db may be null to skip it.
void linear_backward(float* dh, float* dW, float* db, const float* dout, const float* h,
                     const float* W, int N, int C, int V);

}  // namespace embedlab
