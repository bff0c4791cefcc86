#include "nn/unigram_sampler.h"

#include <cmath>
#include <cstddef>
#include <string>

namespace embedlab {

Status UnigramSampler::build(const std::vector<uint64_t>& counts, double power) {
  if (counts.empty()) return Status::bad_input("unigram sampler: no token counts (V = 0)");
  q_.assign(counts.size(), 0.0);
  double total = 0;
  for (size_t v = 0; v < counts.size(); v++) {
    if (counts[v] == 0) continue;
    q_[v] = std::pow(double(counts[v]), power);
    total += q_[v];
  }
  if (total == 0) {
    q_.clear();  // unbuilt, as before
    return Status::bad_input("unigram sampler: all " + std::to_string(counts.size()) +
                             " token counts are 0, expected at least one above 0");
  }
  token_.clear();
  for (size_t v = 0; v < q_.size(); v++) {
    q_[v] /= total;
    if (q_[v] > 0) token_.push_back(int32_t(v));
  }
  build_alias_table();
  return Status();
}

// Vose: scaled heights S q; a column under 1 is topped up from one over 1, which then
// loses what it gave and is sorted again. Only tokens with a count take part, so a token
// with q = 0 is in no column and can never be drawn.
void UnigramSampler::build_alias_table() {
  const size_t S = token_.size();
  std::vector<double> height(S);
  std::vector<size_t> small, large;
  for (size_t i = 0; i < S; i++) {
    height[i] = q_[size_t(token_[i])] * double(S);
    (height[i] < 1.0 ? small : large).push_back(i);
  }
  prob_.assign(S, 1.0);
  alias_.assign(token_.begin(), token_.end());
  while (!small.empty() && !large.empty()) {
    size_t s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = height[s];
    alias_[s] = token_[l];
    height[l] -= 1.0 - height[s];
    if (height[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is within rounding of height 1 and keeps prob 1 (its own token).
}

int32_t UnigramSampler::draw(Rng* rng) const {
  size_t i = size_t(rng->below(token_.size()));
  return rng->uniform_double() < prob_[i] ? token_[i] : alias_[i];
}

void UnigramSampler::draw(int32_t* ids, float* log_kq, int K, Rng* rng) const {
  for (int k = 0; k < K; k++) {
    ids[k] = draw(rng);
    log_kq[k] = float(std::log(double(K) * q_[size_t(ids[k])]));
  }
}

}  // namespace embedlab
