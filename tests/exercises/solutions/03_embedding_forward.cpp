// Reference solution of exercise 03 (tutorials/exercises/03_embedding_forward.cpp).
#include <cstddef>
#include <cstdint>

namespace exercise {

void embedding_forward(float* out, const int32_t* ids, const float* W, int N, int V, int C) {
  for (int n = 0; n < N; n++) {
    const float* row = W + size_t(ids[n]) * C;  // row ids[n] of W
    for (int c = 0; c < C; c++) out[size_t(n) * C + c] = row[c];
  }
}

}  // namespace exercise
