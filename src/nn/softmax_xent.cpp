#include "nn/softmax_xent.h"

#include <cmath>
#include <cstddef>
#include <vector>

#include "util/parallel.h"

namespace embedlab {

// Rows are independent: they are split across threads, and the per-row losses are
// summed in row order afterwards, so the result does not depend on the thread count.
double softmax_xent_forward(float* probs, const float* logits, const int32_t* targets, int N,
                            int V) {
  std::vector<double> row_loss(static_cast<size_t>(N));
  parallel_for(N, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; n++) {
      const float* x = logits + size_t(n) * V;
      float* p = probs + size_t(n) * V;
      float mx = x[0];
      for (int v = 1; v < V; v++) mx = x[v] > mx ? x[v] : mx;
      float target_logit = x[targets[n]];  // read before an in-place overwrite
      double sum = 0;
      for (int v = 0; v < V; v++) {
        float e = std::exp(x[v] - mx);
        p[v] = e;
        sum += e;
      }
      float inv = float(1.0 / sum);
      for (int v = 0; v < V; v++) p[v] *= inv;
      row_loss[size_t(n)] = std::log(sum) + mx - target_logit;
    }
  });
  double total = 0;
  for (double l : row_loss) total += l;
  return N > 0 ? total / N : 0.0;
}

void softmax_xent_backward(float* dlogits, const float* probs, const int32_t* targets, float dloss,
                           int N, int V) {
  float scale = dloss / float(N);
  for (int n = 0; n < N; n++) {
    float* d = dlogits + size_t(n) * V;
    const float* p = probs + size_t(n) * V;
    for (int v = 0; v < V; v++) d[v] += scale * p[v];
    d[targets[n]] -= scale;
  }
}

void softmax_xent_backward_inplace(float* probs_to_dlogits, const int32_t* targets, float dloss,
                                   int N, int V) {
  float scale = dloss / float(N);
  parallel_for(N, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; n++) {
      float* d = probs_to_dlogits + size_t(n) * V;
      for (int v = 0; v < V; v++) d[v] *= scale;
      d[targets[n]] -= scale;
    }
  });
}

}  // namespace embedlab
