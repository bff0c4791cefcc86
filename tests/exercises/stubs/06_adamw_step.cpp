// Exercise 06: one AdamW step.                            (tutorial 08, training)
//
// AdamW keeps two running averages per parameter: m of the gradient and v of its
// square. Step t (t = 1 for the first step) updates n parameters w with gradient g,
// exactly as PyTorch's torch.optim.AdamW does, for each i:
//   w[i] = w[i] * (1 - lr * weight_decay)          decoupled weight decay, first
//   m[i] = beta1 * m[i] + (1 - beta1) * g[i]
//   v[i] = beta2 * v[i] + (1 - beta2) * g[i]^2
//   m_hat = m[i] / (1 - beta1^t)                    bias correction: m and v start at
//   v_hat = v[i] / (1 - beta2^t)                    0, which would make early steps small
//   w[i] = w[i] - lr * m_hat / (sqrt(v_hat) + eps)
// m and v are read and updated in place (they start at zero before step 1).
// Note: the decay uses w before this step's update and does not go through m or v
// (that is the "W" of AdamW; plain Adam adds weight_decay * w to g instead).
//
// Shapes: w, g, m, v each n floats (n may be 0). t >= 1.
//
// Worked example: n=1, w=1, g=0.5, m=v=0, t=1, lr=0.1, beta1=0.9, beta2=0.999,
// eps=1e-8, weight_decay=0.01:
//   w = 1 * (1 - 0.001) = 0.999;  m = 0.05;  v = 0.00025
//   m_hat = 0.05 / 0.1 = 0.5;  v_hat = 0.00025 / 0.001 = 0.25;  sqrt = 0.5
//   w = 0.999 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.899 (about 0.89900000)
//
// Check it: make exercise N=06
#include <cstddef>
#include <stdexcept>

namespace exercise {

void adamw_step(float* w, const float* g, float* m, float* v, size_t n, int t, float lr,
                float beta1, float beta2, float eps, float weight_decay) {
  // Your code here. (std::pow and std::sqrt are in <cmath>.)
  throw std::logic_error("exercise 06: not implemented yet");
}

}  // namespace exercise
