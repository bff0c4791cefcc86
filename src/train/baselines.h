// Count baselines for the next-token loss, computed on the same validation pairs
// (x_t -> x_{t+1}) that the model is evaluated on, from counts over the training split:
//   uniform  ln V                              (knows nothing)
//   unigram  -log (c(y) + 1) / (n + V)         (knows token frequencies, add-one)
//   bigram   -log (c(x,y) + k) / (c(x) + k V)   (knows which token follows which, add-k)
// The bigram's k is the best of a small grid on these pairs, so the baseline is the
// strongest count model of its kind, not a straw man. A window-1 model (a bigram
// model with a position term) can at best match it; a wider window can beat it.
#pragma once
#include <cstddef>
#include <cstdint>

namespace embedlab {

struct Baselines {
  double uniform = 0, unigram = 0, bigram = 0;
  double bigram_k = 0;  // the add-k constant chosen
};

// train: the training token stream (n_train ids); (x[i], y[i]) for i < n: evaluation pairs.
Baselines compute_baselines(const int32_t* train, size_t n_train, const int32_t* x,
                            const int32_t* y, size_t n, int V);

}  // namespace embedlab
