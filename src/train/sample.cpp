#include "train/sample.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace embedlab {

int32_t sample_from_logits(const std::vector<float>& logits, double temperature, int top_k,
                           Rng* rng) {
  const int V = int(logits.size());
  std::vector<int32_t> idx(static_cast<size_t>(V));
  std::iota(idx.begin(), idx.end(), 0);
  // Largest first; ties by the smaller id so the order never depends on the sort.
  auto by_logit = [&](int32_t a, int32_t b) {
    return logits[a] != logits[b] ? logits[a] > logits[b] : a < b;
  };
  int k = top_k > 0 && top_k < V ? top_k : V;
  if (temperature <= 0) return *std::min_element(idx.begin(), idx.end(), by_logit);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), by_logit);
  double mx = logits[idx[0]], total = 0;
  std::vector<double> p(static_cast<size_t>(k));
  for (int i = 0; i < k; i++) total += p[i] = std::exp((logits[idx[i]] - mx) / temperature);
  double u = rng->uniform_double() * total;
  for (int i = 0; i < k; i++) {
    u -= p[i];
    if (u < 0) return idx[i];
  }
  return idx[k - 1];
}

void sample_ids(Model* model, std::vector<int32_t>* ids, int n, double temperature, int top_k,
                Rng* rng, int32_t start_id) {
  const int T = model->config().T;
  if (ids->empty()) ids->push_back(start_id);
  std::vector<float> logits;
  for (int i = 0; i < n; i++) {
    int len = std::min<int>(T, int(ids->size()));
    model->next_logits(&logits, ids->data() + ids->size() - len, len);
    ids->push_back(sample_from_logits(logits, temperature, top_k, rng));
  }
}

}  // namespace embedlab
