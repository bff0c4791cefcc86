// Exercise 03: the embedding forward pass.           (tutorial 04, embedding lookup)
//
// An embedding layer is a table W with one row of C numbers per token id. Its
// forward pass looks rows up: out[n] = W[ids[n]] for every n. Write it.
//
// Shapes: N tokens, V vocabulary size (rows of W), C embedding dimension.
//   out (N,C) row-major: out[n][c] is out[n * C + c]   (write every entry)
//   ids (N)            0 <= ids[n] < V (ids may repeat)
//   W   (V,C) row-major: W[v][c] is W[v * C + c]
//
// Worked example: V=3, C=2, W = [[1,2],[3,4],[5,6]], ids = [2,0,2] (N=3)
//   out = [[5,6],[1,2],[5,6]]
//
// Check it: make exercise N=03
#include <cstdint>
#include <stdexcept>

namespace exercise {

void embedding_forward(float* out, const int32_t* ids, const float* W, int N, int V, int C) {
  // Your code here.
  throw std::logic_error("exercise 03: not implemented yet");
}

}  // namespace exercise
