// An embedding bag: the mean of the rows of the last k tokens, the window a position
// reads. With k = 1 it is the plain lookup of nn/embedding.h.
//   out[b,t] = (1/count) * sum of W[x[b,j]] for j = max(0, t-k+1) .. t,  count = t - j0 + 1
// Near the start of a window fewer than k tokens exist; the mean is over those.
// e.g. W = [[1,2],[3,4],[5,6]], x = {2, 0, 1}, k = 2 -> [[5,6], [3,4], [2,3]]
//
// Its one-hot twin is a multi-hot product: X (N,V) holds 1/count in the columns of the
// window's ids (a token that appears twice gets 2/count), and out = X W, dW += X^T dout
// (nn/onehot.h's products), O(N*V*C) work where the bag costs O(N*k*C).
// Its gradient goes back the way the rows came: each of the window's rows receives
// dout / count (scatter-add, as embedding_backward with the mean's weight).
// Shapes: B windows, T positions, N = B*T, V vocabulary size, C dimension, k window.
#pragma once
#include <cstdint>

namespace embedlab {

// out (B*T, C) = the window mean of W (V,C) rows of x (B,T).  REQUIRES: 0 <= x < V, k >= 1
void embedding_bag_forward(float* out, const int32_t* x, const float* W, int B, int T, int V,
                           int C, int k);
// dW (V,C) += dout (B*T, C) / count into each of the window's rows. The caller zeroes dW.
void embedding_bag_backward(float* dW, const float* dout, const int32_t* x, int B, int T, int C,
                            int k);
// X (B*T, V) = the multi-hot rows of the one-hot twin: X[n][x_j] += 1/count.
void multihot_build(float* X, const int32_t* x, int B, int T, int V, int k);

}  // namespace embedlab
