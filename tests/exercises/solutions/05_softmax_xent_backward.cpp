// Reference solution of exercise 05 (tutorials/exercises/05_softmax_xent_backward.cpp).
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace exercise {

void softmax_xent_backward(float* dlogits, const float* logits, const int32_t* targets, int N,
                           int V) {
  for (int n = 0; n < N; n++) {
    const float* x = logits + size_t(n) * V;
    float* d = dlogits + size_t(n) * V;
    float mx = x[0];
    for (int v = 1; v < V; v++) mx = std::fmax(mx, x[v]);
    double sum = 0;
    for (int v = 0; v < V; v++) sum += std::exp(double(x[v]) - mx);
    for (int v = 0; v < V; v++) {
      double p = std::exp(double(x[v]) - mx) / sum;
      d[v] = float((p - (v == targets[n] ? 1.0 : 0.0)) / N);
    }
  }
}

}  // namespace exercise
