#include "nn/tensor.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include <cblas.h>

namespace embedlab {

void Tensor::resize(int rows, int cols) {
  assert(rows >= 0 && cols >= 0);
  rows_ = rows;
  cols_ = cols;
  data_.assign(size_t(rows) * cols, 0.0f);
}

void Tensor::zero() { data_.assign(data_.size(), 0.0f); }

std::string Tensor::shape() const {
  return "(" + std::to_string(rows_) + "," + std::to_string(cols_) + ")";
}

Status Tensor::check_shape(const std::string& what, int rows, int cols) const {
  if (rows_ == rows && cols_ == cols) return Status();
  return Status::bad_input(what + " has shape " + shape() + ", expected (" + std::to_string(rows) +
                           "," + std::to_string(cols) + ")");
}

void add_inplace(float* y, const float* x, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] += x[i];
}

void sgemm(float* Y, const float* A, bool transpose_A, const float* B, bool transpose_B, int M,
           int N, int K, float beta) {
  if (M == 0 || N == 0) return;
  const int lda = transpose_A ? M : K;  // A is stored (K,M) when transposed, else (M,K)
  const int ldb = transpose_B ? K : N;  // B is stored (N,K) when transposed, else (K,N)
  cblas_sgemm(CblasRowMajor, transpose_A ? CblasTrans : CblasNoTrans,
              transpose_B ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A, lda > 0 ? lda : 1, B,
              ldb > 0 ? ldb : 1, beta, Y, N);
}

Status matmul(Tensor* Y, const Tensor& A, bool transpose_A, const Tensor& B, bool transpose_B,
              bool accumulate) {
  const int M = transpose_A ? A.cols() : A.rows();
  const int K = transpose_A ? A.rows() : A.cols();
  const int KB = transpose_B ? B.cols() : B.rows();
  const int N = transpose_B ? B.rows() : B.cols();
  auto op = [](const char* name, bool t, const Tensor& m) {
    return std::string(name) + (t ? "^T" : "") + " " + m.shape();
  };
  if (K != KB)
    return Status::bad_input("matmul: inner sizes differ: " + op("A", transpose_A, A) + " times " +
                             op("B", transpose_B, B));
  if (accumulate) {
    EMBEDLAB_RETURN_IF_ERROR(Y->check_shape("matmul: accumulated Y", M, N));
  } else {
    Y->resize(M, N);
  }
  sgemm(Y->data(), A.data(), transpose_A, B.data(), transpose_B, M, N, K,
        accumulate ? 1.0f : 0.0f);
  return Status();
}

std::string format_matrix(const float* M, int rows, int cols, int decimals) {
  // Width of the widest entry, so the columns line up.
  int width = 0;
  char buf[64];
  for (size_t i = 0; i < size_t(rows) * cols; i++)
    width = std::max(width, std::snprintf(buf, sizeof buf, "%.*f", decimals, double(M[i])));
  bool any_negative = false;
  for (size_t i = 0; i < size_t(rows) * cols; i++) any_negative |= M[i] < 0;
  if (!any_negative) width++;  // room for the sign column PyTorch keeps anyway
  std::string out = "[";
  for (int r = 0; r < rows; r++) {
    out += r ? " [" : "[";
    for (int c = 0; c < cols; c++) {
      std::snprintf(buf, sizeof buf, "%*.*f", width, decimals, double(M[size_t(r) * cols + c]));
      out += buf;
      if (c + 1 < cols) out += ", ";
    }
    out += r + 1 < rows ? "],\n" : "]]";
  }
  if (rows == 0) out += "]";
  return out;
}

std::string format_row(const float* row, int n, int decimals) {
  const std::string m = format_matrix(row, 1, n, decimals);  // "[[...]]"
  return m.substr(1, m.size() - 2);
}

std::string matrix_tsv(const float* M, int rows, int cols) {
  std::string out;
  char buf[32];
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) {
      std::snprintf(buf, sizeof buf, "%s%.9g", c ? "\t" : "", double(M[size_t(r) * cols + c]));
      out += buf;
    }
    out += "\n";
  }
  return out;
}

}  // namespace embedlab
