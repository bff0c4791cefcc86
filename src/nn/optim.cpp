#include "nn/optim.h"

#include <cmath>
#include <algorithm>
#include <cstring>

#include "util/choice.h"
#include "util/parallel.h"

namespace embedlab {

Status parse_optimizer(const std::string& name, OptimizerKind* out) {
  return parse_choice(name, {{"sgd", OptimizerKind::kSgd}, {"adamw", OptimizerKind::kAdamW}},
                      "optimizer", out);
}

const char* optimizer_name(OptimizerKind k) { return k == OptimizerKind::kSgd ? "sgd" : "adamw"; }

Optimizer::Optimizer(const OptimConfig& config, std::vector<Param> params)
    : cfg_(config), params_(std::move(params)) {
  for (const Param& p : params_) {
    bool need_m = cfg_.kind == OptimizerKind::kAdamW || cfg_.momentum != 0.0;
    m_.emplace_back(need_m ? p.size() : 0, 0.0f);
    v_.emplace_back(cfg_.kind == OptimizerKind::kAdamW ? p.size() : 0, 0.0f);
  }
}

bool Optimizer::sparse_is_exact() const {
  return cfg_.kind == OptimizerKind::kSgd && cfg_.momentum == 0.0 && cfg_.weight_decay == 0.0;
}

void Optimizer::update_rows(size_t i, size_t row_begin, size_t row_end, double lr) {
  const Param& p = params_[i];
  size_t lo = row_begin * p.cols, hi = row_end * p.cols;
  float* w = p.w;
  const float* g = p.g;
  if (cfg_.kind == OptimizerKind::kSgd) {
    const float wd = float(cfg_.weight_decay), mom = float(cfg_.momentum), flr = float(lr);
    float* buf = m_[i].data();
    for (size_t k = lo; k < hi; k++) {
      float gk = g[k] + wd * w[k];
      if (mom != 0.0f) {
        buf[k] = t_ == 1 ? gk : mom * buf[k] + gk;
        gk = buf[k];
      }
      w[k] -= flr * gk;
    }
    return;
  }
  const float b1 = float(cfg_.beta1), b2 = float(cfg_.beta2), eps = float(cfg_.eps);
  const double bc1 = 1.0 - std::pow(cfg_.beta1, double(t_));
  const double bc2 = 1.0 - std::pow(cfg_.beta2, double(t_));
  const float step_size = float(lr / bc1);
  const float bc2_sqrt = float(std::sqrt(bc2));
  const float decay = float(1.0 - lr * cfg_.weight_decay);
  float* m = m_[i].data();
  float* v = v_[i].data();
  for (size_t k = lo; k < hi; k++) {
    w[k] *= decay;
    m[k] = b1 * m[k] + (1.0f - b1) * g[k];
    v[k] = b2 * v[k] + (1.0f - b2) * g[k] * g[k];
    float denom = std::sqrt(v[k]) / bc2_sqrt + eps;
    w[k] -= step_size * m[k] / denom;
  }
}

void Optimizer::step(double lr, const std::vector<const std::vector<int32_t>*>* touched) {
  t_++;
  bool sparse_ok = sparse_is_exact() || (cfg_.kind == OptimizerKind::kAdamW && cfg_.lazy_sparse_adamw);
  for (size_t i = 0; i < params_.size(); i++) {
    const std::vector<int32_t>* rows =
        touched ? (i < touched->size() ? (*touched)[i] : nullptr) : params_[i].touched;
    // Every element's update is independent: split the rows across threads.
    const size_t cols = std::max<size_t>(1, params_[i].cols);
    if (rows && sparse_ok) {
      parallel_for(int64_t(rows->size()), int64_t(1 + 16384 / cols), [&](int64_t b, int64_t e) {
        for (int64_t k = b; k < e; k++) update_rows(i, size_t((*rows)[size_t(k)]), size_t((*rows)[size_t(k)]) + 1, lr);
      });
    } else {
      parallel_for(int64_t(params_[i].rows), int64_t(1 + 16384 / cols), [&](int64_t b, int64_t e) {
        update_rows(i, size_t(b), size_t(e), lr);
      });
    }
  }
}

std::string Optimizer::save_state() const {
  std::string out(reinterpret_cast<const char*>(&t_), sizeof t_);
  for (size_t i = 0; i < params_.size(); i++) {
    out.append(reinterpret_cast<const char*>(m_[i].data()), m_[i].size() * sizeof(float));
    out.append(reinterpret_cast<const char*>(v_[i].data()), v_[i].size() * sizeof(float));
  }
  return out;
}

Status Optimizer::load_state(const std::string& bytes) {
  size_t need = sizeof t_;
  for (size_t i = 0; i < params_.size(); i++) need += (m_[i].size() + v_[i].size()) * sizeof(float);
  if (bytes.size() != need)
    return Status::bad_input("optimizer state has " + std::to_string(bytes.size()) +
                             " bytes, expected " + std::to_string(need) +
                             " for this optimizer and model");
  const char* p = bytes.data();
  std::memcpy(&t_, p, sizeof t_);
  p += sizeof t_;
  for (size_t i = 0; i < params_.size(); i++) {
    std::memcpy(m_[i].data(), p, m_[i].size() * sizeof(float));
    p += m_[i].size() * sizeof(float);
    std::memcpy(v_[i].data(), p, v_[i].size() * sizeof(float));
    p += v_[i].size() * sizeof(float);
  }
  return Status();
}

double clip_grad_norm(const std::vector<Param>& params, double max_norm) {
  double sq = 0;
  for (const Param& p : params)
    for (size_t k = 0; k < p.size(); k++) sq += double(p.g[k]) * p.g[k];
  double norm = std::sqrt(sq);
  if (max_norm > 0 && norm > max_norm) {
    // PyTorch adds 1e-6 to the norm in the denominator.
    float scale = float(max_norm / (norm + 1e-6));
    for (const Param& p : params)
      for (size_t k = 0; k < p.size(); k++) p.g[k] *= scale;
  }
  return norm;
}

Status parse_schedule(const std::string& name, Schedule* out) {
  return parse_choice(name, {{"constant", Schedule::kConstant}, {"cosine", Schedule::kCosine}},
                      "schedule", out);
}

double learning_rate_at(int64_t s, int64_t total, double lr, Schedule schedule, int64_t warmup,
                        double min_ratio) {
  if (warmup > 0 && s < warmup) return lr * double(s + 1) / double(warmup);
  if (schedule == Schedule::kConstant) return lr;
  int64_t span = total - warmup - 1;
  if (span <= 0) return lr;
  double progress = double(s - warmup) / double(span);
  if (progress > 1) progress = 1;
  double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
  return lr * (min_ratio + (1.0 - min_ratio) * cosine);
}

}  // namespace embedlab
