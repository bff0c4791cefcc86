// The noise distribution of a sampled output layer: token v is drawn with probability
//   q(v) = count(v)^0.75 / sum over u of count(u)^0.75
// (the power of word2vec, Mikolov et al. 2013: frequent tokens are drawn less often
// than their share of the text, rare ones more often; a token never seen has q = 0).
// Draws cost O(1) each by Walker's alias method (Vose's construction): the tokens with
// a count fill S equal columns of height 1/S, each column holding its own token up to
// prob[i] and one other token, alias[i], above it. A draw picks a column uniformly and
// then a height in it: two random numbers, no search.
// e.g. counts {16, 1, 0, 81}: 16^0.75 = 8, 1^0.75 = 1, 81^0.75 = 27, so q = {8, 1, 0, 27}/36.
// Shapes: V vocab size, S tokens with a count above 0, K draws.
#pragma once
#include <cstdint>
#include <vector>

#include "util/rng.h"
#include "util/status.h"

namespace embedlab {

class UnigramSampler {
 public:
  // q from counts (V), one per token id. Bad input: no counts, or every count 0.
  Status build(const std::vector<uint64_t>& counts, double power = 0.75);

  int vocab_size() const { return int(q_.size()); }
  // q(v) for every v (V); 0 where the count is 0. The values sum to 1.
  const std::vector<double>& q() const { return q_; }

  // One token drawn from q.  REQUIRES: build succeeded
  int32_t draw(Rng* rng) const;
  // ids (K) drawn from q with replacement, and log_kq (K) = log(K q(ids[k])), the
  // correction a sampled softmax subtracts from each negative's logit (nn/sampled_softmax.h).
  // The same rng state gives the same ids.  REQUIRES: build succeeded, K > 0
  void draw(int32_t* ids, float* log_kq, int K, Rng* rng) const;

 private:
  void build_alias_table();  // prob_ and alias_ from q_ and token_

  std::vector<double> q_;       // (V)
  std::vector<int32_t> token_;  // (S) the token of column i
  std::vector<double> prob_;    // (S) the share of column i that is token_[i]
  std::vector<int32_t> alias_;  // (S) the token in the rest of column i
};

}  // namespace embedlab
