// Reference solution of exercise 04 (tutorials/exercises/04_embedding_backward.cpp).
#include <cstddef>
#include <cstdint>

namespace exercise {

void embedding_backward(float* dW, const float* dout, const int32_t* ids, int N, int V, int C) {
  for (int n = 0; n < N; n++) {
    float* row = dW + size_t(ids[n]) * C;  // the row forward read
    for (int c = 0; c < C; c++) row[c] += dout[size_t(n) * C + c];
  }
}

}  // namespace exercise
