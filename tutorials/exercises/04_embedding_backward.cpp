// Exercise 04: the embedding backward pass.          (tutorial 06, embedding backward)
//
// Forward copied row ids[n] of W into out[n]. So the loss's gradient dout[n] (with
// respect to out[n]) flows back into row ids[n] of the table's gradient dW. A token
// that appears twice was read twice: its row receives the SUM of both gradients.
// Write the scatter-add:  dW[ids[n]] += dout[n]  for every n.
// ADD to dW (do not overwrite it): the caller zeroes dW before the first backward,
// and gradients from several batches or positions may add up in it.
//
// Shapes: N tokens, V vocabulary size, C embedding dimension.
//   dW   (V,C) row-major, read and updated;  dW[v][c] is dW[v * C + c]
//   dout (N,C) row-major;                     dout[n][c] is dout[n * C + c]
//   ids  (N)   0 <= ids[n] < V, may repeat
//
// Worked example: V=3, C=2, dW starts at zero, ids = [2,0,2],
//   dout = [[1,1],[2,2],[10,20]]
//   dW = [[2,2],[0,0],[11,21]]   (row 2 gets [1,1] + [10,20]; row 1 was not read)
//
// Check it: make exercise N=04
#include <cstdint>
#include <stdexcept>

namespace exercise {

void embedding_backward(float* dW, const float* dout, const int32_t* ids, int N, int V, int C) {
  // Your code here.
  throw std::logic_error("exercise 04: not implemented yet");
}

}  // namespace exercise
