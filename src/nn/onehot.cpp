#include "nn/onehot.h"

#include <cstring>

#include "nn/embedding.h"

namespace embedlab {

void onehot_build(float* X, const int32_t* ids, int N, int V) {
  std::memset(X, 0, sizeof(float) * size_t(N) * V);
  for (int n = 0; n < N; n++) X[size_t(n) * V + ids[n]] = 1.0f;
}

void onehot_forward(float* Y, const float* X, const float* W, int N, int V, int C) {
  sgemm(Y, X, false, W, false, N, C, V, 0.0f);
}

void onehot_backward(float* dW, const float* X, const float* dY, int N, int V, int C) {
  sgemm(dW, X, true, dY, false, V, C, N, 1.0f);
}

Status onehot_matrix(Tensor* X, const std::vector<int32_t>& ids, int V) {
  if (V <= 0) return Status::bad_input("one-hot: V must be positive, got " + std::to_string(V));
  EMBEDLAB_RETURN_IF_ERROR(check_ids(ids.data(), ids.size(), V));
  X->resize(int(ids.size()), V);
  onehot_build(X->data(), ids.data(), int(ids.size()), V);
  return Status();
}

Status onehot_matmul(Tensor* Y, const Tensor& X, const Tensor& W) {
  if (X.cols() != W.rows())
    return Status::bad_input("one-hot forward: X " + X.shape() + " has " + std::to_string(X.cols()) +
                             " columns but W " + W.shape() + " has " + std::to_string(W.rows()) +
                             " rows");
  return matmul(Y, X, false, W, false);
}

Status onehot_matmul_backward(Tensor* dW, const Tensor& X, const Tensor& dY) {
  if (X.rows() != dY.rows())
    return Status::bad_input("one-hot backward: X " + X.shape() + " and dY " + dY.shape() +
                             " have different numbers of rows");
  return matmul(dW, X, true, dY, false, /*accumulate=*/true);
}

}  // namespace embedlab
