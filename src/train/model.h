// The next-token model trained by embedlab: token embedding, positional embedding,
// a linear head, and the softmax cross-entropy of the next token.
//
//   h_t      = mean(E[x_j] for j = max(0, t-k+1) .. t) + P[t]     (k = window, mix mean)
//   h_t      = E[x_t] + mean(M[x_j] for the same j) + P[t]          (mix context)
//   logits_t = h_t W^T + b                                         (W = E with --tie)
//   loss     = mean over all B*T positions of  -log softmax(logits_t)[y_t]
//
// where y_t = x_{t+1} is the next token. With k = 1 this is a bigram model plus a
// position term; near the start of a window fewer than k tokens exist and the mean
// is over those (j >= 0). Shapes: B windows, T positions (the context), N = B*T,
// V vocabulary size, C embedding dimension. E (V,C), P (T,C), W (V,C), b (V) are laid
// out like PyTorch's nn.Embedding(V,C), nn.Embedding(T,C) and nn.Linear(C,V).
//
// The two mixes. "mean" weighs the window's k tokens alike, so the model cannot tell
// the last token from the one three back; on real English text a window-4 mean ends
// above the bigram counts, which know exactly the last token. "context" reads the last
// token's row of E whole and adds the mean of a second table M (V,C), the context
// table, over the window: E carries what a token says about the next one (its
// neighbours and analogies are E's), M what the few tokens before add. E starts at
// zero (init_model), so all it holds was learned.
//
// Two paths compute the same h:
//   lookup  h = (sum of the k rows read from E) / count + P[t]          O(N k C)
//   onehot  X (N,V) holds 1/count in the columns of the window's tokens;
//           h = X E + P[t] by sgemm, and dE += X^T dh by sgemm           O(N V C)
//           (mix context: h = X_last E + X M + P[t], two products, and the same
//           two transposed for dE and dM)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/optim.h"
#include "util/status.h"

namespace embedlab {

enum class EmbeddingPath { kLookup, kOneHot };
Status parse_path(const std::string& name, EmbeddingPath* out);
const char* path_name(EmbeddingPath p);

enum class Mix { kMean, kContext };
Status parse_mix(const std::string& name, Mix* out);
const char* mix_name(Mix m);  // "mean" or "context"

struct ModelConfig {
  int V = 0, C = 0, T = 0;  // vocabulary, dimension, context
  int window = 1;           // k
  bool tie = false;         // use E as the head's weight
  Mix mix = Mix::kMean;     // how the window's tokens are combined into h
};
Status check_model_config(const ModelConfig& cfg);

class Model {
 public:
  explicit Model(const ModelConfig& cfg);
  const ModelConfig& config() const { return cfg_; }

  // Parameters and their gradients (W is absent when tied, M unless mix is context).
  std::vector<float> E, P, W, b, M;
  std::vector<float> dE, dP, dW, db, dM;
  // Rows of E (and of M) that the last backward touched (sorted, unique): the sparse update.
  std::vector<int32_t> touched_E;

  // Loss of B windows x (B,T) with targets y (B,T); when `backward`, adds the
  // gradients into dE, dP, dW, db (call zero_grad first).  REQUIRES: ids < V
  double step(const int32_t* x, const int32_t* y, int B, EmbeddingPath path, bool backward);
  void zero_grad();
  // Param views for the optimizer, in the order E, P, W (untied), b, M (mix context).
  std::vector<Param> params();
  size_t num_weights() const;

  // The head's logits (V) for the position after the last of `ids` (n <= T tokens).
  void next_logits(std::vector<float>* logits, const int32_t* ids, int n);

 private:
  void ensure_workspace(int N, EmbeddingPath path);
  const float* head_weight() const { return cfg_.tie ? E.data() : W.data(); }
  ModelConfig cfg_;
  std::vector<float> h_, logits_, dh_, X_;  // workspaces, grown on demand
  std::vector<uint8_t> row_mark_;
};

// The window mean (the lookup path), forward and backward, as a named pair.
// h (B*T, C) = mean of the rows of E (V,C) of the last k tokens of x (B,T) at each t.
void window_mean_forward(float* h, const int32_t* x, const float* E, int B, int T, int C, int k);
// dE (V,C) += dh[t] / count spread over the same rows.
void window_mean_backward(float* dE, const float* dh, const int32_t* x, int B, int T, int C,
                          int k);
// The multi-hot matrix X (B*T, V) of the one-hot path: X[n][x_j] += 1/count.
void window_multihot(float* X, const int32_t* x, int B, int T, int V, int k);
// The one-hot matrix (N, V) of the ids themselves: X[n][x_n] = 1.
void onehot_rows(float* X, const int32_t* x, int N, int V);

}  // namespace embedlab
