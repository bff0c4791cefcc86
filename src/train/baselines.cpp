#include "train/baselines.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace embedlab {

Baselines compute_baselines(const int32_t* train, size_t n_train, const int32_t* x,
                            const int32_t* y, size_t n, int V) {
  Baselines out;
  out.uniform = std::log(double(V));
  if (n == 0) return out;
  std::vector<uint64_t> unigram(size_t(V), 0), context(size_t(V), 0);
  for (size_t i = 0; i < n_train; i++) unigram[size_t(train[i])]++;
  // Bigram counts as sorted keys (a << 32 | b): memory grows with the corpus, not V^2.
  std::vector<uint64_t> keys;
  keys.reserve(n_train);
  for (size_t i = 0; i + 1 < n_train; i++) {
    keys.push_back(uint64_t(uint32_t(train[i])) << 32 | uint32_t(train[i + 1]));
    context[size_t(train[i])]++;
  }
  std::sort(keys.begin(), keys.end());
  double uni = 0;
  std::vector<uint64_t> pair_count(n), ctx_count(n);
  for (size_t i = 0; i < n; i++) {
    uni -= std::log((double(unigram[size_t(y[i])]) + 1.0) / (double(n_train) + V));
    uint64_t key = uint64_t(uint32_t(x[i])) << 32 | uint32_t(y[i]);
    auto range = std::equal_range(keys.begin(), keys.end(), key);
    pair_count[i] = uint64_t(range.second - range.first);
    ctx_count[i] = context[size_t(x[i])];
  }
  out.unigram = uni / double(n);
  out.bigram = INFINITY;
  for (double k : {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0}) {
    double s = 0;
    for (size_t i = 0; i < n; i++)
      s -= std::log((double(pair_count[i]) + k) / (double(ctx_count[i]) + k * V));
    s /= double(n);
    if (s < out.bigram) {
      out.bigram = s;
      out.bigram_k = k;
    }
  }
  return out;
}

}  // namespace embedlab
