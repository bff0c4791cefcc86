#include "nn/tensor.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace embedlab;

namespace {
Tensor make(int r, int c, std::initializer_list<float> v) {
  Tensor t(r, c);
  int i = 0;
  for (float x : v) t.data()[i++] = x;
  return t;
}
}  // namespace

TEST(Tensor, MatmulByHandWithEveryTranspose) {
  // A = [[1,2,3],[4,5,6]], B = [[1,0],[0,1],[1,1]]: A B = [[4,5],[10,11]] by hand.
  Tensor A = make(2, 3, {1, 2, 3, 4, 5, 6});
  Tensor B = make(3, 2, {1, 0, 0, 1, 1, 1});
  Tensor Y;
  ASSERT_TRUE(matmul(&Y, A, false, B, false).ok());
  EXPECT_EQ(Y.shape(), "(2,2)");
  EXPECT_EQ(Y.at(0, 0), 4);
  EXPECT_EQ(Y.at(0, 1), 5);
  EXPECT_EQ(Y.at(1, 0), 10);
  EXPECT_EQ(Y.at(1, 1), 11);
  // (A^T)^T B^T^T: store At = A^T and Bt = B^T, ask for the transposes back.
  Tensor At = make(3, 2, {1, 4, 2, 5, 3, 6});
  Tensor Bt = make(2, 3, {1, 0, 1, 0, 1, 1});
  Tensor Y2;
  ASSERT_TRUE(matmul(&Y2, At, true, Bt, true).ok());
  for (int i = 0; i < 4; i++) EXPECT_EQ(Y2.data()[i], Y.data()[i]);
  // A^T A = [[17,22,27],[22,29,36],[27,36,45]].
  Tensor G;
  ASSERT_TRUE(matmul(&G, A, true, A, false).ok());
  EXPECT_EQ(G.shape(), "(3,3)");
  EXPECT_EQ(G.at(0, 0), 17);
  EXPECT_EQ(G.at(1, 2), 36);
  EXPECT_EQ(G.at(2, 2), 45);
}

TEST(Tensor, MatmulAccumulateAddsToY) {
  Tensor A = make(1, 2, {1, 2}), B = make(2, 1, {3, 4});
  Tensor Y = make(1, 1, {10});
  ASSERT_TRUE(matmul(&Y, A, false, B, false, /*accumulate=*/true).ok());
  EXPECT_EQ(Y.at(0, 0), 21);  // 10 + 1*3 + 2*4
}

TEST(Tensor, MismatchedInnerSizesNameBothShapes) {
  Tensor A(2, 3), B(2, 2), Y;
  Status s = matmul(&Y, A, false, B, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "matmul: inner sizes differ: A (2,3) times B (2,2)");
  s = matmul(&Y, A, false, B, true);
  EXPECT_EQ(s.message(), "matmul: inner sizes differ: A (2,3) times B^T (2,2)");
}

TEST(Tensor, AccumulateIntoWrongShapeIsAnError) {
  Tensor A(2, 3), B(3, 4), Y(4, 2);
  Status s = matmul(&Y, A, false, B, false, true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "matmul: accumulated Y has shape (4,2), expected (2,4)");
}

TEST(Tensor, CheckShapeNamesWhat) {
  Tensor W(6, 3);
  EXPECT_TRUE(W.check_shape("W", 6, 3).ok());
  EXPECT_EQ(W.check_shape("W", 3, 6).message(), "W has shape (6,3), expected (3,6)");
}

TEST(Tensor, FormatMatrixAlignsLikePyTorch) {
  const float M[4] = {0.3374f, -0.1778f, 1.5810f, -2.84f};
  EXPECT_EQ(format_matrix(M, 2, 2), "[[ 0.3374, -0.1778],\n [ 1.5810, -2.8400]]");
  const float P[2] = {1, 0};
  EXPECT_EQ(format_matrix(P, 1, 2, 0), "[[ 1,  0]]");
  EXPECT_EQ(format_row(M, 2), "[ 0.3374, -0.1778]");
  EXPECT_EQ(format_row(P, 2, 0), "[ 1,  0]");
}

// 0.1f is 0.100000001490116...: nine significant digits tell it from its neighbours.
TEST(Tensor, MatrixTsvReadsBackToTheSameFloats) {
  const float M[4] = {1, -0.5f, 0.1f, 2};
  const std::string tsv = matrix_tsv(M, 2, 2);
  EXPECT_EQ(tsv, "1\t-0.5\n0.100000001\t2\n");
  EXPECT_EQ(std::strtof("0.100000001", nullptr), 0.1f);
  EXPECT_EQ(matrix_tsv(M, 0, 2), "");
}
