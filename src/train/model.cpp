#include "train/model.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>

#include "nn/embedding.h"
#include "nn/linear.h"
#include "nn/softmax_xent.h"

namespace embedlab {

Status parse_path(const std::string& name, EmbeddingPath* out) {
  if (name == "lookup") *out = EmbeddingPath::kLookup;
  else if (name == "onehot") *out = EmbeddingPath::kOneHot;
  else return Status::bad_input("unknown path '" + name + "', expected lookup or onehot");
  return Status();
}

const char* path_name(EmbeddingPath p) { return p == EmbeddingPath::kLookup ? "lookup" : "onehot"; }

Status parse_mix(const std::string& name, Mix* out) {
  if (name == "mean") *out = Mix::kMean;
  else if (name == "context") *out = Mix::kContext;
  else return Status::bad_input("unknown mix '" + name + "', expected context or mean");
  return Status();
}

const char* mix_name(Mix m) { return m == Mix::kMean ? "mean" : "context"; }

Status check_model_config(const ModelConfig& c) {
  if (c.V < 2) return Status::bad_input("vocabulary size " + std::to_string(c.V) + " is below 2");
  if (c.C < 1 || c.C > 65536)
    return Status::bad_input("--dim " + std::to_string(c.C) + ": expected 1 to 65536");
  if (c.T < 1 || c.T > 65536)
    return Status::bad_input("--context " + std::to_string(c.T) + ": expected 1 to 65536");
  if (c.window < 1 || c.window > c.T)
    return Status::bad_input("--window " + std::to_string(c.window) + ": expected 1 to the context (" +
                             std::to_string(c.T) + ")");
  return Status();
}

Model::Model(const ModelConfig& cfg) : cfg_(cfg) {
  size_t V = size_t(cfg.V), C = size_t(cfg.C), T = size_t(cfg.T);
  E.assign(V * C, 0.0f);
  dE.assign(V * C, 0.0f);
  P.assign(T * C, 0.0f);
  dP.assign(T * C, 0.0f);
  if (!cfg.tie) {
    W.assign(V * C, 0.0f);
    dW.assign(V * C, 0.0f);
  }
  b.assign(V, 0.0f);
  db.assign(V, 0.0f);
  if (cfg.mix == Mix::kContext) {
    M.assign(V * C, 0.0f);
    dM.assign(V * C, 0.0f);
  }
  row_mark_.assign(V, 0);
}

size_t Model::num_weights() const {
  return E.size() + P.size() + W.size() + b.size() + M.size();
}

std::vector<Param> Model::params() {
  auto make = [](const char* name, std::vector<float>* w, std::vector<float>* g, size_t rows) {
    Param p;
    p.name = name;
    p.w = w->data();
    p.g = g->data();
    p.rows = rows;
    p.cols = rows ? w->size() / rows : 0;
    return p;
  };
  std::vector<Param> ps;
  ps.push_back(make("token_embedding", &E, &dE, size_t(cfg_.V)));
  ps.push_back(make("position_embedding", &P, &dP, size_t(cfg_.T)));
  if (!cfg_.tie) ps.push_back(make("head_weight", &W, &dW, size_t(cfg_.V)));
  ps.push_back(make("head_bias", &b, &db, 1));
  if (cfg_.mix == Mix::kContext) ps.push_back(make("context_embedding", &M, &dM, size_t(cfg_.V)));
  return ps;
}

void Model::zero_grad() {
  // The token table's gradient is only non-zero in the rows last touched.
  // M's rows are the same ones (every id of a batch is read from both tables).
  if (cfg_.tie) {
    std::fill(dE.begin(), dE.end(), 0.0f);
    std::fill(dM.begin(), dM.end(), 0.0f);
  } else {
    for (int32_t r : touched_E) {
      std::memset(&dE[size_t(r) * cfg_.C], 0, sizeof(float) * size_t(cfg_.C));
      if (!dM.empty()) std::memset(&dM[size_t(r) * cfg_.C], 0, sizeof(float) * size_t(cfg_.C));
      row_mark_[r] = 0;
    }
  }
  touched_E.clear();
  std::fill(dP.begin(), dP.end(), 0.0f);
  std::fill(dW.begin(), dW.end(), 0.0f);
  std::fill(db.begin(), db.end(), 0.0f);
}

void window_mean_forward(float* h, const int32_t* x, const float* E, int B, int T, int C, int k) {
  for (int bi = 0; bi < B; bi++)
    for (int t = 0; t < T; t++) {
      float* out = h + (size_t(bi) * T + t) * C;
      int j0 = std::max(0, t - k + 1);
      const float* first = E + size_t(x[size_t(bi) * T + j0]) * C;
      std::memcpy(out, first, sizeof(float) * size_t(C));
      for (int j = j0 + 1; j <= t; j++) {
        const float* row = E + size_t(x[size_t(bi) * T + j]) * C;
        for (int c = 0; c < C; c++) out[c] += row[c];
      }
      int count = t - j0 + 1;
      if (count > 1) {
        float inv = 1.0f / float(count);
        for (int c = 0; c < C; c++) out[c] *= inv;
      }
    }
}

void window_mean_backward(float* dE, const float* dh, const int32_t* x, int B, int T, int C,
                          int k) {
  for (int bi = 0; bi < B; bi++)
    for (int t = 0; t < T; t++) {
      const float* d = dh + (size_t(bi) * T + t) * C;
      int j0 = std::max(0, t - k + 1);
      float inv = 1.0f / float(t - j0 + 1);
      for (int j = j0; j <= t; j++) {
        float* row = dE + size_t(x[size_t(bi) * T + j]) * C;
        for (int c = 0; c < C; c++) row[c] += inv * d[c];
      }
    }
}

void window_multihot(float* X, const int32_t* x, int B, int T, int V, int k) {
  std::memset(X, 0, sizeof(float) * size_t(B) * T * V);
  for (int bi = 0; bi < B; bi++)
    for (int t = 0; t < T; t++) {
      float* row = X + (size_t(bi) * T + t) * V;
      int j0 = std::max(0, t - k + 1);
      float inv = 1.0f / float(t - j0 + 1);
      for (int j = j0; j <= t; j++) row[x[size_t(bi) * T + j]] += inv;
    }
}

void onehot_rows(float* X, const int32_t* x, int N, int V) {
  std::memset(X, 0, sizeof(float) * size_t(N) * V);
  for (int n = 0; n < N; n++) X[size_t(n) * V + x[n]] = 1.0f;
}

void Model::ensure_workspace(int N, EmbeddingPath path) {
  size_t nc = size_t(N) * cfg_.C, nv = size_t(N) * cfg_.V;
  if (h_.size() < nc) h_.resize(nc);
  if (dh_.size() < nc) dh_.resize(nc);
  if (logits_.size() < nv) logits_.resize(nv);
  if (path == EmbeddingPath::kOneHot && X_.size() < nv) X_.resize(nv);
}

double Model::step(const int32_t* x, const int32_t* y, int B, EmbeddingPath path, bool backward) {
  const int T = cfg_.T, C = cfg_.C, V = cfg_.V, k = cfg_.window, N = B * T;
  ensure_workspace(N, path);
  float* h = h_.data();
  // 1. h = window mean of token rows (two ways), then + P[t]. With the context mix the
  // mean is over M's rows, and the last token's row of E is added.
  const bool context = cfg_.mix == Mix::kContext;
  const float* mean_table = context ? M.data() : E.data();
  if (path == EmbeddingPath::kLookup) {
    window_mean_forward(h, x, mean_table, B, T, C, k);
    if (context)
      for (int n = 0; n < N; n++) {
        const float* row = E.data() + size_t(x[n]) * C;
        float* out = h + size_t(n) * C;
        for (int c = 0; c < C; c++) out[c] += row[c];
      }
  } else {
    window_multihot(X_.data(), x, B, T, V, k);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, V, 1.0f, X_.data(), V,
                mean_table, C, 0.0f, h, C);
    if (context) {
      onehot_rows(X_.data(), x, N, V);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, V, 1.0f, X_.data(), V,
                  E.data(), C, 1.0f, h, C);
    }
  }
  position_forward(h, h, P.data(), B, T, C);
  // 2. logits = h W^T + b; 3. probabilities and the mean loss, in place.
  float* logits = logits_.data();
  linear_forward(logits, h, head_weight(), b.data(), N, C, V);
  if (!backward) return softmax_xent_forward(logits, logits, y, N, V);
  // The loss and dlogits together, in place; then the head, then the embeddings.
  double loss = softmax_xent_fused(logits, y, 1.0f, N, V);
  float* dh = dh_.data();
  std::memset(dh, 0, sizeof(float) * size_t(N) * C);
  linear_backward(dh, cfg_.tie ? dE.data() : dW.data(), db.data(), logits, h, head_weight(), N,
                  C, V);
  position_backward(dP.data(), dh, B, T, C);
  float* d_mean_table = context ? dM.data() : dE.data();
  if (path == EmbeddingPath::kLookup) {
    window_mean_backward(d_mean_table, dh, x, B, T, C, k);
    if (context)
      for (int n = 0; n < N; n++) {
        float* row = dE.data() + size_t(x[n]) * C;
        const float* g = dh + size_t(n) * C;
        for (int c = 0; c < C; c++) row[c] += g[c];
      }
  } else {
    if (context) {
      // X_ still holds the ids' one-hot rows from forward: dE += X^T dh; then the
      // window's multi-hot matrix again for M.
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, V, C, N, 1.0f, X_.data(), V, dh, C,
                  1.0f, dE.data(), C);
      window_multihot(X_.data(), x, B, T, V, k);
    }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, V, C, N, 1.0f, X_.data(), V, dh, C,
                1.0f, d_mean_table, C);
  }
  // Record the rows of E that received gradient (all rows when tied: the head reads them all).
  if (!cfg_.tie) {
    for (int n = 0; n < N; n++) {
      int32_t id = x[n];
      if (!row_mark_[id]) {
        row_mark_[id] = 1;
        touched_E.push_back(id);
      }
    }
    std::sort(touched_E.begin(), touched_E.end());  // marks stay set until zero_grad
  }
  return loss;
}

void Model::next_logits(std::vector<float>* logits, const int32_t* ids, int n) {
  const int C = cfg_.C, V = cfg_.V, k = cfg_.window;
  std::vector<float> h(C, 0.0f);
  int t = n - 1;  // position of the last token
  int j0 = std::max(0, t - k + 1);
  const bool context = cfg_.mix == Mix::kContext;
  const std::vector<float>& mean_table = context ? M : E;
  for (int j = j0; j <= t; j++)
    for (int c = 0; c < C; c++) h[c] += mean_table[size_t(ids[j]) * C + c];
  for (int c = 0; c < C; c++) {
    h[c] = h[c] / float(t - j0 + 1);
    if (context) h[c] += E[size_t(ids[t]) * C + c];
    h[c] += P[size_t(t) * C + c];
  }
  logits->resize(V);
  linear_forward(logits->data(), h.data(), head_weight(), b.data(), 1, C, V);
}

}  // namespace embedlab
