// Exercise 05: the gradient of softmax cross-entropy.    (tutorial 08, training)
//
// The model scores every token of the vocabulary at each of N positions (logits).
// The loss is the mean over positions of -log softmax(logits[n])[targets[n]].
// Its gradient with respect to the logits has a short form:
//   dlogits[n][v] = (softmax(logits[n])[v] - (v == targets[n] ? 1 : 0)) / N
// where softmax(x)[v] = exp(x[v]) / sum_u exp(x[u]). Write dlogits.
// Compute softmax stably: subtract the row's maximum before exp (the result is the
// same, and exp(1000) would overflow to inf).
// Write every entry of dlogits (it is an output, not an accumulator).
//
// Shapes: N positions, V vocabulary size.
//   dlogits (N,V) row-major output; logits (N,V) row-major; targets (N), 0 <= t < V
//
// Worked example: N=2, V=2, logits = [[0,0],[ln 3, 0]], targets = [0, 1]
//   softmax = [[0.5,0.5],[0.75,0.25]]
//   dlogits = [[(0.5-1)/2, 0.5/2], [0.75/2, (0.25-1)/2]] = [[-0.25,0.25],[0.375,-0.375]]
// (Each row of dlogits sums to 0: the gradient only moves probability around.)
//
// Check it: make exercise N=05
#include <cstdint>
#include <stdexcept>

namespace exercise {

void softmax_xent_backward(float* dlogits, const float* logits, const int32_t* targets, int N,
                           int V) {
  // Your code here.
  throw std::logic_error("exercise 05: not implemented yet");
}

}  // namespace exercise
