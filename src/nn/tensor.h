// Tensor: a small contiguous float32 matrix (rows x cols, row-major) with shape
// checks, and matmul, the one place where matrix products happen: every product
// in embedlab goes through cblas_sgemm, with transposes where asked.
// e.g. A (2,3) times B (3,4): matmul(&Y, A, false, B, false) gives Y (2,4).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "util/huge_pages.h"
#include "util/status.h"

namespace embedlab {

class Tensor {
 public:
  Tensor() = default;
  Tensor(int rows, int cols) { resize(rows, cols); }
  // Resizes and zeroes.  REQUIRES: rows >= 0, cols >= 0
  void resize(int rows, int cols);
  void zero();

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  size_t size() const { return data_.size(); }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float* row(int r) { return data_.data() + size_t(r) * cols_; }
  const float* row(int r) const { return data_.data() + size_t(r) * cols_; }
  float& at(int r, int c) { return data_[size_t(r) * cols_ + c]; }
  float at(int r, int c) const { return data_[size_t(r) * cols_ + c]; }

  // "(6,3)"
  std::string shape() const;
  // ok when the shape is (rows, cols); otherwise names `what` and both shapes.
  Status check_shape(const std::string& what, int rows, int cols) const;

 private:
  int rows_ = 0, cols_ = 0;
  HugePageVector<float> data_;  // a big table gets 2 MB pages: one TLB entry per 2 MB
};

// Y = op(A) op(B) (accumulate=false) or Y += op(A) op(B) (accumulate=true), where
// op(M) is M or its transpose. Y is resized when not accumulating. Inner sizes must
// agree, and an accumulated Y must already have the result's shape.
Status matmul(Tensor* Y, const Tensor& A, bool transpose_A, const Tensor& B, bool transpose_B,
              bool accumulate = false);

// The raw form on row-major arrays: Y (M,N) = beta Y + op(A) op(B), op(A) (M,K), op(B) (K,N).
// lda/ldb are the stored row lengths of A and B.  REQUIRES: shapes as described
void sgemm(float* Y, const float* A, bool transpose_A, const float* B, bool transpose_B,
           int M, int N, int K, float beta);

// y (n) += x (n), element by element: two activations summed (the gradient of each is
// the sum's gradient, nothing to compute).
void add_inplace(float* y, const float* x, size_t n);

// A matrix as text, one row per line, fixed decimals, columns aligned the way
// PyTorch prints a tensor: "[[ 0.3374, -0.1778],\n [ 0.9178,  1.5810]]".
std::string format_matrix(const float* M, int rows, int cols, int decimals = 4);
// One row the same way, as PyTorch prints a vector: "[ 0.3374, -0.1778, -0.1690]".
std::string format_row(const float* row, int n, int decimals = 4);
// A matrix as TSV for other tools: one row per line, tab-separated, every float as %.9g,
// which reads back to the same float32 bits: "1\t-0.5\n0.100000001\t2\n".
std::string matrix_tsv(const float* M, int rows, int cols);

}  // namespace embedlab
