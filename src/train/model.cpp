#include "train/model.h"

#include <algorithm>
#include <cstring>

#include "nn/embedding.h"
#include "nn/embedding_bag.h"
#include "nn/linear.h"
#include "nn/onehot.h"
#include "nn/softmax_xent.h"
#include "util/choice.h"

namespace embedlab {

Status parse_path(const std::string& name, EmbeddingPath* out) {
  return parse_choice(name, {{"lookup", EmbeddingPath::kLookup}, {"onehot", EmbeddingPath::kOneHot}},
                      "path", out);
}

const char* path_name(EmbeddingPath p) { return p == EmbeddingPath::kLookup ? "lookup" : "onehot"; }

Status parse_mix(const std::string& name, Mix* out, std::string* note) {
  const Choices<Mix> old_names = {{"mean", Mix::kWindow}, {"context", Mix::kLastWindow}};
  if (parse_choice(name, old_names, "mix", out).ok()) {
    if (note)
      *note = "--mix " + name + " is now called --mix " + mix_name(*out) +
              " (the old name is read until the next release)";
    return Status();
  }
  return parse_choice(name, {{"last+window", Mix::kLastWindow}, {"window", Mix::kWindow}}, "mix",
                      out);
}

const char* mix_name(Mix m) { return m == Mix::kWindow ? "window" : "last+window"; }

Status check_model_config(const ModelConfig& c) {
  if (c.V < 2) return Status::bad_input("vocabulary size " + std::to_string(c.V) + " is below 2");
  if (c.C < 1 || c.C > 65536)
    return Status::bad_input("--dim " + std::to_string(c.C) + ": expected 1 to 65536");
  if (c.T < 1 || c.T > 65536)
    return Status::bad_input("--context " + std::to_string(c.T) + ": expected 1 to 65536");
  if (c.negatives < 0 || c.negatives > (1 << 20))
    return Status::bad_input("--negatives " + std::to_string(c.negatives) +
                             ": expected 0 (the full softmax) to 1048576");
  if (c.window < 1 || c.window > c.T)
    return Status::bad_input("--window " + std::to_string(c.window) + ": expected 1 to the context (" +
                             std::to_string(c.T) + ")");
  return Status();
}

std::vector<Parameter> Model::layout(const ModelConfig& cfg) {
  std::vector<Parameter> table;
  auto add = [&](const char* name, int rows, int cols, InitRule init, bool row_sparse) {
    Parameter p;
    p.name = name;
    p.rows = rows;
    p.cols = cols;
    p.init = init;
    p.row_sparse = row_sparse;
    table.push_back(std::move(p));
  };
  const int V = cfg.V, C = cfg.C, T = cfg.T;
  const bool context = cfg.mix == Mix::kLastWindow;
  // E is read only by lookups, unless the head reads all of it (tied).
  if (context) add("window_embedding", V, C, InitRule::kNormal, true);
  else add("token_embedding", V, C, InitRule::kNormal, !cfg.tie);
  add("position_embedding", T, C, InitRule::kNormal, false);
  // With the sampled head W is read by lookups too (the candidates' rows).
  if (!cfg.tie) add("head_weight", V, C, InitRule::kLinearWeight, cfg.negatives > 0);
  add("head_bias", 1, V, InitRule::kLinearBias, false);
  table.back().after_tied_weight = cfg.tie;
  if (context) add("token_embedding", V, C, InitRule::kZero, !cfg.tie);
  return table;
}

int Model::index_of(const char* name) const {
  for (size_t i = 0; i < params_.size(); i++)
    if (params_[i].name == name) return int(i);
  return -1;
}

Model::Model(const ModelConfig& cfg) : cfg_(cfg), params_(layout(cfg)) {
  for (Parameter& p : params_) {
    p.w.resize(p.rows, p.cols);
    p.g.resize(p.rows, p.cols);
  }
  E_ = index_of("token_embedding");
  P_ = index_of("position_embedding");
  W_ = index_of("head_weight");
  b_ = index_of("head_bias");
  M_ = index_of("window_embedding");
}

Parameter* Model::find(const std::string& name) {
  const int i = index_of(name.c_str());
  return i < 0 ? nullptr : &params_[size_t(i)];
}

const Parameter* Model::find(const std::string& name) const {
  return const_cast<Model*>(this)->find(name);
}

size_t Model::num_weights() const {
  size_t n = 0;
  for (const Parameter& p : params_) n += p.w.size();
  return n;
}

std::vector<Param> Model::params() {
  std::vector<Param> views;
  for (Parameter& p : params_) {
    Param v;
    v.name = p.name;
    v.w = p.w.data();
    v.g = p.g.data();
    v.rows = size_t(p.w.rows());
    v.cols = size_t(p.w.cols());
    v.touched = p.row_sparse ? &p.touched : nullptr;
    views.push_back(v);
  }
  return views;
}

void Model::zero_grad() {
  for (Parameter& p : params_) {
    if (!p.row_sparse) {
      p.g.zero();
      continue;
    }
    for (int32_t r : p.touched) std::memset(p.g.row(r), 0, sizeof(float) * size_t(p.g.cols()));
    p.touched.clear();
  }
}

// h_ (B*T, C) = the token part of h: the bag of E, or E's row of the last token plus the
// bag of M; by lookups or by one-hot products.
void Model::embed_forward(const int32_t* x, int B, int T, EmbeddingPath path) {
  const int V = cfg_.V, C = cfg_.C, k = cfg_.window, N = B * T;
  const bool context = cfg_.mix == Mix::kLastWindow;
  const float* E = params_[E_].w.data();
  const float* bag_table = context ? params_[M_].w.data() : E;
  float* h = h_.data();
  if (path == EmbeddingPath::kLookup) {
    embedding_bag_forward(h, x, bag_table, B, T, V, C, k);
    if (context) embedding_forward(rows_.data(), x, E, N, V, C);
  } else {
    multihot_build(X_.data(), x, B, T, V, k);
    onehot_forward(h, X_.data(), bag_table, N, V, C);
    if (context) {
      onehot_build(X_.data(), x, N, V);  // kept for backward
      onehot_forward(rows_.data(), X_.data(), E, N, V, C);
    }
  }
  if (context) add_inplace(h, rows_.data(), size_t(N) * C);
}

// h_ (B*T, C) for the windows x (B,T): the tokens' rows mixed, + P[t]. Keeps x for
// backward.
void Model::hidden_forward(const int32_t* x, int B, int T, EmbeddingPath path) {
  const int C = cfg_.C, V = cfg_.V, N = B * T;
  x_.assign(x, x + N);
  B_ = B;
  T_ = T;
  path_ = path;
  const size_t nc = size_t(N) * C, nv = size_t(N) * V;
  if (h_.size() < nc) h_.resize(nc);
  if (cfg_.mix == Mix::kLastWindow && rows_.size() < nc) rows_.resize(nc);
  if (path == EmbeddingPath::kOneHot && X_.size() < nv) X_.resize(nv);
  embed_forward(x, B, T, path);
  position_forward(h_.data(), h_.data(), params_[P_].w.data(), B, T, C);
}

// logits_ (B*T, V): hidden_forward, then the full head.
void Model::logits_forward(const int32_t* x, int B, int T, EmbeddingPath path) {
  hidden_forward(x, B, T, path);
  const size_t nv = size_t(B) * T * cfg_.V;
  if (logits_.size() < nv) logits_.resize(nv);
  linear_forward(logits_.data(), h_.data(), head_weight(), params_[b_].w.data(), B * T, cfg_.C,
                 cfg_.V);
}

Status Model::set_noise(const std::vector<uint64_t>& counts) {
  if (counts.size() != size_t(cfg_.V))
    return Status::bad_input("noise counts: " + std::to_string(counts.size()) +
                             " counts for a vocabulary of " + std::to_string(cfg_.V));
  return noise_.build(counts);
}

double Model::forward(const int32_t* x, const int32_t* y, int B, EmbeddingPath path,
                      Rng* negatives) {
  const int N = B * cfg_.T, K = cfg_.negatives;
  sampled_last_ = negatives && K > 0 && noise_.vocab_size() == cfg_.V;
  if (!sampled_last_) {
    logits_forward(x, B, cfg_.T, path);
    // The loss, and its gradient in the same pass: logits_ becomes dloss/dlogits.
    return softmax_xent_fused(logits_.data(), y, 1.0f, N, cfg_.V);
  }
  hidden_forward(x, B, cfg_.T, path);
  negatives_.resize(size_t(K));
  log_kq_.resize(size_t(K));
  noise_.draw(negatives_.data(), log_kq_.data(), K, negatives);
  return sampled_.forward(h_.data(), head_weight(), params_[b_].w.data(), y, negatives_.data(),
                          log_kq_.data(), N, cfg_.V, cfg_.C, K);
}

void Model::backward() {
  const int B = B_, T = T_, C = cfg_.C, V = cfg_.V, N = B * T;
  if (dh_.size() < size_t(N) * C) dh_.resize(size_t(N) * C);
  float* dh = dh_.data();
  std::memset(dh, 0, sizeof(float) * size_t(N) * C);
  // The head (logits_ holds dlogits; or the sampled head's candidates), then P, then the
  // tables the rows came from.
  Parameter* W = cfg_.tie ? nullptr : &params_[W_];
  if (sampled_last_) {
    sampled_.backward(dh, head_weight_grad(), params_[b_].g.data(),
                      W && W->row_sparse ? &W->touched : nullptr, h_.data());
  } else {
    linear_backward(dh, head_weight_grad(), params_[b_].g.data(), logits_.data(), h_.data(),
                    head_weight(), N, C, V);
    if (W && W->row_sparse) {  // the full head writes every row
      W->touched.resize(size_t(V));
      for (int v = 0; v < V; v++) W->touched[size_t(v)] = v;
    }
  }
  position_backward(params_[P_].g.data(), dh, B, T, C);
  embed_backward();
}

// Adds dh_ into the rows of E (and M) that embed_forward read, the way it read them.
void Model::embed_backward() {
  const int B = B_, T = T_, C = cfg_.C, V = cfg_.V, k = cfg_.window, N = B * T;
  const bool context = cfg_.mix == Mix::kLastWindow;
  const int32_t* x = x_.data();
  const float* dh = dh_.data();
  float* dE = params_[E_].g.data();
  float* d_bag_table = context ? params_[M_].g.data() : dE;
  if (path_ == EmbeddingPath::kLookup) {
    embedding_bag_backward(d_bag_table, dh, x, B, T, C, k);
    if (context) embedding_backward(dE, dh, x, N, C);
  } else {
    if (context) {
      onehot_backward(dE, X_.data(), dh, N, V, C);  // X_ holds the ids' one-hot rows
      multihot_build(X_.data(), x, B, T, V, k);
    }
    onehot_backward(d_bag_table, X_.data(), dh, N, V, C);
  }
  // The rows that received gradient, for the sparse update and zero_grad.
  const std::vector<int32_t> rows = touched_rows(x, N);
  for (Parameter& p : params_) {
    if (!p.row_sparse || p.name == "head_weight") continue;
    std::vector<int32_t> merged;
    std::set_union(p.touched.begin(), p.touched.end(), rows.begin(), rows.end(),
                   std::back_inserter(merged));
    p.touched.swap(merged);
  }
}

void Model::next_logits(std::vector<float>* logits, const int32_t* ids, int n) {
  logits_forward(ids, 1, n, EmbeddingPath::kLookup);
  const float* last = logits_.data() + size_t(n - 1) * cfg_.V;
  logits->assign(last, last + cfg_.V);
}

}  // namespace embedlab
