// Softmax cross-entropy of the next token, fused and numerically stable.
// loss = mean over N rows of  logsumexp(logits[n]) - logits[n][target[n]]
// The max of each row is subtracted before exp, so no logit overflows.
// Its gradient with respect to the logits is (softmax(logits) - onehot(target)) / N.
// Shapes: N rows (positions), V classes (the vocabulary).
#pragma once
#include <cstdint>

namespace embedlab {

// probs (N,V) = softmax of each row of logits (N,V); returns the mean loss.
// probs may be the same buffer as logits (in place).  REQUIRES: 0 <= targets[n] < V
double softmax_xent_forward(float* probs, const float* logits, const int32_t* targets, int N,
                            int V);
// dlogits (N,V) += dloss * (probs - onehot(targets)) / N.
void softmax_xent_backward(float* dlogits, const float* probs, const int32_t* targets,
                           float dloss, int N, int V);
// The same, turning probs into dlogits in place (the training loop's fused path:
// it saves writing a second N x V buffer).
void softmax_xent_backward_inplace(float* probs_to_dlogits, const int32_t* targets, float dloss,
                                   int N, int V);

// Loss and gradient in one pass over each row, the training loop's path: logits (N,V)
// become dlogits = dloss * (softmax - onehot(targets)) / N; returns the mean loss.
// Equal to forward then backward_inplace up to float rounding (the two scale factors
// are multiplied together first).
double softmax_xent_fused(float* logits_to_dlogits, const int32_t* targets, float dloss, int N,
                          int V);

}  // namespace embedlab
