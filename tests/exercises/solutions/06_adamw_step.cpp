// Reference solution of exercise 06 (tutorials/exercises/06_adamw_step.cpp).
#include <cmath>
#include <cstddef>

namespace exercise {

void adamw_step(float* w, const float* g, float* m, float* v, size_t n, int t, float lr,
                float beta1, float beta2, float eps, float weight_decay) {
  const double bc1 = 1.0 - std::pow(double(beta1), t);  // bias corrections
  const double bc2 = 1.0 - std::pow(double(beta2), t);
  for (size_t i = 0; i < n; i++) {
    w[i] *= 1.0f - lr * weight_decay;
    m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
    v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    double m_hat = m[i] / bc1, v_hat = v[i] / bc2;
    w[i] = float(w[i] - lr * m_hat / (std::sqrt(v_hat) + eps));
  }
}

}  // namespace exercise
