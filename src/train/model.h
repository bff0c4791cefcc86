// The next-token model trained by embedlab, put together from the layers the lessons
// teach (src/nn/) and nothing else:
//
//   h_t      = bag_k(E)[x, t] + P[t]                       (--mix window)
//   h_t      = E[x_t] + bag_k(M)[x, t] + P[t]              (--mix last+window)
//   logits_t = h_t W^T + b                                 (W = E with --tie)
//   loss     = mean over all B*T positions of  -log softmax(logits_t)[y_t]
//
// With --negatives K a training step estimates that loss from the target and K tokens
// drawn from q ~ count^0.75 (nn/sampled_softmax.h): the head is then a lookup of K + 1
// rows of W too, O(N K C) instead of O(N V C). Evaluation is always the full softmax.
//
// where bag_k is the embedding bag of nn/embedding_bag.h (the mean of the rows of the
// last k tokens; k = 1 is the plain lookup of nn/embedding.h), P[t] the position table
// (nn/embedding.h), the head nn/linear.h and the loss nn/softmax_xent.h. y_t = x_{t+1}
// is the next token. Shapes: B windows, T positions (the context), N = B*T, V vocabulary
// size, C embedding dimension, k = window. E (V,C), P (T,C), W (V,C), b (V) are laid out
// like PyTorch's nn.Embedding(V,C), nn.Embedding(T,C) and nn.Linear(C,V).
//
// Names: the context is the T positions a training sequence has (--context); the window
// is the last k tokens a position reads (--window), mixed into h one of two ways.
// "window" weighs the window's k tokens alike, so the model cannot tell the last token
// from the one three back; on real English text a window-4 mean ends above the bigram
// counts, which know exactly the last token. "last+window" reads the last token's row
// of E whole and adds the window mean of a second table M (V,C), the window table: E
// carries what a token says about the next one (its neighbours and analogies are E's),
// M what the few tokens before add. E then starts at zero (init_model), so all it holds
// was learned. (The two were called "mean" and "context"; those names still parse.)
//
// Two paths compute the same h (EmbeddingPath):
//   lookup  the rows are read from the tables                       O(N k C)
//   onehot  a one-hot (or multi-hot) X (N,V) times the table, and   O(N V C)
//           dE += X^T dh, by nn/onehot.h's products
//
// The parameters are one table (Model::parameters()): construction, zero_grad, the
// optimizer, initialisation, checkpoints and exports all walk it, so a new parameter
// is one line in the constructor.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/optim.h"
#include "nn/sampled_softmax.h"
#include "nn/unigram_sampler.h"
#include "nn/tensor.h"
#include "util/status.h"

namespace embedlab {

enum class EmbeddingPath { kLookup, kOneHot };
Status parse_path(const std::string& name, EmbeddingPath* out);
const char* path_name(EmbeddingPath p);

enum class Mix { kWindow, kLastWindow };
// "window" or "last+window"; the old names "mean" and "context" too, and then *note (when
// given) says what they are called now.
Status parse_mix(const std::string& name, Mix* out, std::string* note = nullptr);
const char* mix_name(Mix m);  // "window" or "last+window"

struct ModelConfig {
  int V = 0, C = 0, T = 0;  // vocabulary, dimension, context
  int window = 1;           // k
  bool tie = false;         // use E as the head's weight
  Mix mix = Mix::kWindow;     // how the window's tokens are combined into h
  int negatives = 0;        // K: training steps score K sampled negatives instead of all V
                            // tokens (0: the full softmax, always used for evaluation)
};
Status check_model_config(const ModelConfig& cfg);

// How a parameter's first values are drawn; init_model walks the table in order, which
// is PyTorch's construction order (tests/fixtures/make_twin_fixtures.py).
enum class InitRule {
  kZero,          // stays zero until trained
  kNormal,        // N(0, 1), as nn.Embedding
  kLinearWeight,  // U(+-linear_weight_bound(C)), as nn.Linear's weight
  kLinearBias,    // U(+-linear_bias_bound(C)), as nn.Linear's bias
};

// One entry of the parameter table.
struct Parameter {
  std::string name;              // also its checkpoint section, e.g. "token_embedding"
  int rows = 0, cols = 0;        // the shape (a vector is 1 x n)
  InitRule init = InitRule::kZero;
  bool after_tied_weight = false;  // PyTorch's twin draws a tied head's unused weight
                                   // (cols x C) before this (init_model)
  bool row_sparse = false;       // only read by lookups: rows outside `touched` have
                                 // zero gradient, and zero_grad clears just those
  Tensor w, g;                   // values and gradient (rows, cols)
  std::vector<int32_t> touched;  // sorted rows written since zero_grad (row_sparse only)
};

class Model {
 public:
  explicit Model(const ModelConfig& cfg);
  const ModelConfig& config() const { return cfg_; }
  // The table a configuration has, names and shapes only (no values allocated): what
  // the constructor allocates, and what a checkpoint is checked against first.
  static std::vector<Parameter> layout(const ModelConfig& cfg);

  // The parameter table: token_embedding (E), position_embedding (P), head_weight (W,
  // absent when tied), head_bias (b), and with --mix last+window window_embedding (M)
  // first, in E's place, since E then starts at zero and draws nothing.
  std::vector<Parameter>& parameters() { return params_; }
  const std::vector<Parameter>& parameters() const { return params_; }
  // The entry called `name`, or null.
  Parameter* find(const std::string& name);
  const Parameter* find(const std::string& name) const;
  // The token table E (V,C): the vectors the explore tools show.
  const Tensor& token_embedding() const { return params_[E_].w; }

  // Loss of B windows x (B,T) with targets y (B,T), T <= config().T. Keeps what
  // backward() needs, including the loss's own gradient: softmax_xent_fused turns the
  // logits into dloss/dlogits in the pass that computes the loss (the same loss as
  // softmax_xent_forward, bit for bit).  REQUIRES: 0 <= ids < V
  // With `negatives` (an Rng, and config().negatives > 0 after set_noise) the head is the
  // sampled softmax over K negatives drawn from it; otherwise the full softmax.
  double forward(const int32_t* x, const int32_t* y, int B,
                 EmbeddingPath path = EmbeddingPath::kLookup, Rng* negatives = nullptr);
  // The noise distribution of the sampled head: q ~ counts^0.75 (training-split counts).
  Status set_noise(const std::vector<uint64_t>& counts);
  // Adds the gradients of the last forward's loss into every Parameter::g.
  void backward();
  void zero_grad();
  // The head's logits (V) for the token after `ids` (n <= T tokens): the same layers as
  // forward, on one window of n positions.
  void next_logits(std::vector<float>* logits, const int32_t* ids, int n);

  // Views of the table for the optimizer and clip_grad_norm (each with its touched rows).
  std::vector<Param> params();
  size_t num_weights() const;

 private:
  int index_of(const char* name) const;
  void hidden_forward(const int32_t* x, int B, int T, EmbeddingPath path);
  void logits_forward(const int32_t* x, int B, int T, EmbeddingPath path);
  void embed_forward(const int32_t* x, int B, int T, EmbeddingPath path);
  void embed_backward();
  float* head_weight() { return (cfg_.tie ? params_[E_] : params_[W_]).w.data(); }
  float* head_weight_grad() { return (cfg_.tie ? params_[E_] : params_[W_]).g.data(); }

  ModelConfig cfg_;
  std::vector<Parameter> params_;
  int E_ = -1, P_ = -1, W_ = -1, b_ = -1, M_ = -1;  // where each lives in params_

  // What the last forward saw and kept for backward.
  std::vector<int32_t> x_;
  int B_ = 0, T_ = 0;
  EmbeddingPath path_ = EmbeddingPath::kLookup;
  std::vector<float> h_, rows_, dh_, logits_, X_;  // grown on demand
  // The sampled head: its noise, its layer, the last negatives; whether it ran last.
  UnigramSampler noise_;
  SampledSoftmax sampled_;
  std::vector<int32_t> negatives_;
  std::vector<float> log_kq_;
  bool sampled_last_ = false;
};

}  // namespace embedlab
