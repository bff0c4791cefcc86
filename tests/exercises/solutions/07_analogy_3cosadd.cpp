// Reference solution of exercise 07 (tutorials/exercises/07_analogy_3cosadd.cpp).
#include <cmath>
#include <cstddef>
#include <vector>

namespace exercise {

int analogy_3cosadd(const float* E, int V, int C, int a, int b, int c) {
  // Every row scaled to length 1 (a zero row stays zero).
  std::vector<double> unit(size_t(V) * C, 0.0);
  for (int r = 0; r < V; r++) {
    double norm = 0;
    for (int k = 0; k < C; k++) norm += double(E[size_t(r) * C + k]) * E[size_t(r) * C + k];
    norm = std::sqrt(norm);
    if (norm > 0)
      for (int k = 0; k < C; k++) unit[size_t(r) * C + k] = E[size_t(r) * C + k] / norm;
  }
  // cos(d,b) - cos(d,a) + cos(d,c) = unit(d) . (unit(b) - unit(a) + unit(c))
  std::vector<double> target(static_cast<size_t>(C));
  for (int k = 0; k < C; k++)
    target[size_t(k)] = unit[size_t(b) * C + k] - unit[size_t(a) * C + k] + unit[size_t(c) * C + k];
  int best = -1;
  double best_score = 0;
  for (int d = 0; d < V; d++) {
    if (d == a || d == b || d == c) continue;
    double s = 0;
    for (int k = 0; k < C; k++) s += unit[size_t(d) * C + k] * target[size_t(k)];
    if (best < 0 || s > best_score) {  // strict: at a tie the smaller d stays
      best = d;
      best_score = s;
    }
  }
  return best;
}

}  // namespace exercise
