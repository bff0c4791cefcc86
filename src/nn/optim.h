// Optimizers: SGD (with momentum) and AdamW, with PyTorch's defaults and update
// rules, so a PyTorch twin of a model gives the same numbers step by step.
//   SGD:   g += wd * w;  buf = momentum * buf + g (buf = g on the first step);  w -= lr * buf
//   AdamW: w -= lr * wd * w;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//          w -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// Sparse rows: a parameter that is a table (an embedding) may come with the sorted
// list of rows its gradient touched. Plain SGD (no momentum, no weight decay) then
// updates only those rows, which gives exactly the dense result because every other
// row's gradient is zero. "Lazy" AdamW (a named option, not the default) updates only
// those rows too, which is NOT the dense result: untouched rows skip their decay and
// their moment updates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

struct Param {
  std::string name;
  float* w = nullptr;  // values
  float* g = nullptr;  // gradient, same size
  size_t rows = 0, cols = 0;  // the shape; a vector is (1, n)
  // A table read by lookups: the sorted rows whose gradient may be non-zero (null: all).
  const std::vector<int32_t>* touched = nullptr;
  size_t size() const { return rows * cols; }
};

enum class OptimizerKind { kSgd, kAdamW };

struct OptimConfig {
  OptimizerKind kind = OptimizerKind::kAdamW;
  double momentum = 0.0;       // SGD
  double weight_decay = 0.01;  // AdamW's default; use 0 for SGD's default
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  bool lazy_sparse_adamw = false;
};

Status parse_optimizer(const std::string& name, OptimizerKind* out);
const char* optimizer_name(OptimizerKind k);

class Optimizer {
 public:
  Optimizer(const OptimConfig& config, std::vector<Param> params);

  // One update with learning rate `lr`. touched[i], when given and not null, lists the
  // rows of params[i] whose gradient may be non-zero (sorted, unique); without it, each
  // Param's own `touched` list.
  void step(double lr, const std::vector<const std::vector<int32_t>*>* touched = nullptr);
  // True when the sparse-row update of param i equals the dense update.
  bool sparse_is_exact() const;

  int64_t steps_done() const { return t_; }
  const std::vector<Param>& params() const { return params_; }
  // Moments and step count, for checkpoints.
  std::string save_state() const;
  Status load_state(const std::string& bytes);

 private:
  void update_rows(size_t i, size_t row_begin, size_t row_end, double lr);
  OptimConfig cfg_;
  std::vector<Param> params_;
  std::vector<std::vector<float>> m_, v_;  // SGD uses m_ as the momentum buffer
  int64_t t_ = 0;
};

// Global L2 norm of all gradients; when it exceeds max_norm > 0, scales every
// gradient by max_norm / norm (PyTorch's clip_grad_norm_). Returns the norm before.
double clip_grad_norm(const std::vector<Param>& params, double max_norm);

enum class Schedule { kConstant, kCosine };
Status parse_schedule(const std::string& name, Schedule* out);
// Learning rate at step s (0-based) of `total`: linear warmup from lr/warmup to lr over
// `warmup` steps, then constant or cosine decay to min_ratio * lr at the last step.
double learning_rate_at(int64_t s, int64_t total, double lr, Schedule schedule, int64_t warmup,
                        double min_ratio = 0.1);

}  // namespace embedlab
