// An embedding layer is a lookup table: out[n] = W[ids[n]].
// A one-hot (N,V) matrix times W gives the same rows in O(N*V*C) work (nn/onehot.h);
// the lookup costs O(N*C). e.g. W=[[1,2],[3,4],[5,6]], ids={2,0} -> [[5,6],[1,2]]
// Its gradient goes the other way: row ids[n] of dW receives dout[n], and a token
// that appears twice receives both (scatter-add).
// A position table P (T,C) adds row t to the activation of every sequence at t.
// Shapes: B sequences, T positions, N = B*T tokens, V vocab size, C embedding dim.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn/tensor.h"
#include "util/status.h"

namespace embedlab {

// ok when every id is in [0, V); otherwise names the first bad id and its position.
Status check_ids(const int32_t* ids, size_t N, int V);

// out (N,C) = W (V,C) rows picked by ids (N).  REQUIRES: 0 <= ids[n] < V
void embedding_forward(float* out, const int32_t* ids, const float* W, int N, int V, int C);
// dW (V,C) += dout (N,C) scattered into rows ids. The caller zeroes dW.
void embedding_backward(float* dW, const float* dout, const int32_t* ids, int N, int C);
// The same, and *rows becomes the sorted list of distinct rows touched so far (the
// rows already in *rows and the ids), so an optimizer can update only those rows.
void embedding_backward_sparse(float* dW, std::vector<int32_t>* rows, const float* dout,
                               const int32_t* ids, int N, int C);
// The sorted distinct ids: the rows a batch reads and its gradient touches.
std::vector<int32_t> touched_rows(const int32_t* ids, int N);

// Checked forms on Tensors: ids out of range and mismatched shapes are a Status.
// out is resized to (N,C).
Status embedding_lookup(Tensor* out, const std::vector<int32_t>& ids, const Tensor& W);
// dW (V,C) += dout (N,C) into rows ids; dW must already have W's shape.
Status embedding_lookup_backward(Tensor* dW, const Tensor& dout, const std::vector<int32_t>& ids);

// out (B,T,C) = x (B,T,C) + P (T,C) at every b. out may be x.
void position_forward(float* out, const float* x, const float* P, int B, int T, int C);
// dP (T,C) += sum over b of dout (B,T,C). (dx = dout, nothing to compute.)
void position_backward(float* dP, const float* dout, int B, int T, int C);

}  // namespace embedlab
