// The one-hot twin of the embedding layer, to compare against the lookup.
// X (N,V) has a single 1 per row, at column ids[n]. Then
//   forward   Y = X W        (N,V)(V,C) -> (N,C): row n of Y is row ids[n] of W
//   backward  dW += X^T dY   (V,N)(N,C) -> (V,C): row v of dW sums the dY rows of id v
// Both products go through cblas_sgemm, O(N*V*C) multiply-adds where the lookup
// does O(N*C) copies. Adding zeros changes nothing, so Y equals the lookup bit for
// bit (for finite W without -0.0). dW too, as long as no id repeats; with repeats the
// BLAS may add the same rows in another order or with fused multiply-adds, so sums
// can differ in the last bits.
// Shapes: N tokens, V vocab size, C embedding dim.
#pragma once
#include <cstdint>
#include <vector>

#include "nn/tensor.h"
#include "util/status.h"

namespace embedlab {

// X (N,V) = one-hot rows of ids.  REQUIRES: 0 <= ids[n] < V
void onehot_build(float* X, const int32_t* ids, int N, int V);
// Y (N,C) = X (N,V) W (V,C).
void onehot_forward(float* Y, const float* X, const float* W, int N, int V, int C);
// dW (V,C) += X^T (V,N) dY (N,C). The caller zeroes dW.
void onehot_backward(float* dW, const float* X, const float* dY, int N, int V, int C);

// Checked forms: ids out of range and mismatched shapes are a Status.
Status onehot_matrix(Tensor* X, const std::vector<int32_t>& ids, int V);
Status onehot_matmul(Tensor* Y, const Tensor& X, const Tensor& W);
Status onehot_matmul_backward(Tensor* dW, const Tensor& X, const Tensor& dY);

}  // namespace embedlab
