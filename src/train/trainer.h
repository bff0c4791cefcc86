// The training loop: batches of windows from a token stream, the model's forward and
// backward, the optimizer, validation against count baselines, progress, metrics,
// the loss picture, and checkpoints that make an interrupted run resumable bit for bit.
//
// Data: the stream's last `val_fraction` is the validation split, the rest trains.
// Windows of T tokens (inputs) and the same shifted by one (targets) start every T
// tokens: range(0, n - T, T). Order "sequential" feeds B consecutive windows per batch
// from the start; "shuffled" feeds them in a seeded random order, a new one each epoch,
// so the batch of any step is a function of (seed, step) alone and resuming needs no
// more than the step count.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "nn/init.h"
#include "nn/optim.h"
#include "train/baselines.h"
#include "train/checkpoint.h"
#include "train/model.h"
#include "util/status.h"

namespace embedlab {

// The defaults were chosen so that on corpus/toyworld.txt a run takes about 20 s on
// 2 cores, its window-4 model beats the bigram baseline, and its embeddings answer the
// toy world's analogy questions (tutorial 09). `embedlab train` starts from them and
// changes three (kCliMix, kCliLearningRate, default_steps).
constexpr int kDefaultVocabSize = 1280;  // the toy world gives at most ~1,317 tokens

// Where `embedlab train`'s defaults differ from TrainConfig's (which the lessons and the
// tests build on, and the PyTorch twin fixtures were made with): --mix last+window and a
// higher learning rate, chosen on real English text (README, "The defaults, and why"),
// and the number of steps from the corpus size (default_steps below).
constexpr Mix kCliMix = Mix::kLastWindow;
constexpr double kCliLearningRate = 0.02;

// `embedlab train`'s number of steps when neither --steps nor --epochs is given: two
// passes over the training windows of a stream of n tokens, at least kMinDefaultSteps
// (the toy world's 2.5 MB fits in fewer; 1,200 steps is what its targets were set with)
// and at most kMaxDefaultSteps (about a minute on 2 cores at the default sizes).
constexpr int64_t kMinDefaultSteps = 1200, kMaxDefaultSteps = 6000;
int64_t default_steps(size_t n_tokens, double val_fraction, int T, int B);

struct TrainConfig;
// `embedlab train`'s settings with no flags, for a stream of n_tokens ids of a V-token
// vocabulary: TrainConfig's with kCliMix, kCliLearningRate and default_steps(). The CLI's
// flags, tutorial 09 and the bench all start from here.
TrainConfig cli_train_config(int V, size_t n_tokens);

struct TrainConfig {
  ModelConfig model{0, 64, 32, 4, false};  // V comes from the tokenizer; C 64, T 32, window 4
  int batch = 32;              // B
  int64_t steps = 1200;        // total steps (0: use epochs)
  double epochs = 0;
  double lr = 0.01;
  OptimConfig optim;
  Schedule schedule = Schedule::kCosine;
  int64_t warmup = 50;
  double clip = 1.0;           // 0 turns clipping off
  EmbeddingPath path = EmbeddingPath::kLookup;
  InitKind init = InitKind::kDefault;
  uint64_t seed = 1;
  bool sequential = false;     // --order sequential
  double val_fraction = 0.1;
  int64_t eval_every = 0;      // 0: ten evaluations over the run
  int64_t log_every = 0;       // 0: about 200 rows in metrics.csv
  int64_t checkpoint_every = 0;  // 0: at every evaluation
  int64_t max_val_tokens = 262144;  // evaluation cost cap (windows from the split's start)
  bool resume = false;
  int64_t stop_after = 0;      // behave as if interrupted after this step (tests, lessons)
  int64_t snapshot_every = 0;  // > 0: a training movie, E's rows every N steps (snapshots.h)
  int snapshot_rows = 300;     // of the most frequent tokens
  bool quiet = false;          // no progress output (tests)
  bool compare_paths = true;   // time both paths at the end
  std::string tokenizer_ref;   // stored in the checkpoint: "gpt2" or the tokenizer file
  uint32_t tokenizer_crc = 0;
};

struct TrainResult {
  int64_t steps_done = 0;
  double final_train_loss = 0, final_val_loss = 0;
  Baselines baselines;
  double tokens_per_s = 0, seconds = 0;
  double onehot_ms = 0, lookup_ms = 0;  // per step, when compared
  bool interrupted = false;
  bool already_done = false;            // --resume of a run that had reached its last step
  std::vector<double> step_losses;      // every step's training loss
};

// The model's validation loss against each count baseline (uniform, unigram, bigram):
// beaten when the loss is below the baseline; margin = baseline - loss in nats
// (positive when beaten), so e^margin is how many times lower the perplexity is.
struct BaselineComparison {
  std::string name;
  double baseline = 0, margin = 0;
  bool beaten = false;
};
std::vector<BaselineComparison> compare_with_baselines(double val_loss, const Baselines& b);
// One plain line of the same, e.g. "validation loss 3.80: below uniform by 3.35 nats
// (perplexity 1280.0 -> 44.7), unigram by ..., bigram by 0.244 nats (...)", or
// "...; NOT below bigram (above it by 0.050 nats, perplexity 57.1 -> 60.0)".
std::string baseline_verdict(double val_loss, const Baselines& b);

// Initialises the model's weights from `seed`: kDefault draws E, P ~ N(0, 1) and the
// head ~ U(-1/sqrt(C), 1/sqrt(C)) from embedlab's generator; kTorch reproduces
// torch.manual_seed(seed) then nn.Embedding(V,C), nn.Embedding(T,C), nn.Linear(C,V).
Status init_model(Model* m, InitKind kind, uint64_t seed);

// The mean loss over the first max_windows windows of `val`, B at a time (the lookup
// path; the model's gradients are not touched).
double evaluate(Model* m, const WindowDataset& val, int B, int64_t max_windows);

// One step of training, in the order every framework spells it: forward (the loss),
// zero the gradients, backward (add them), clip their norm to `clip` (0: no clipping),
// update with learning rate `lr`. `negatives` seeds the sampled head's draw (null: the
// full softmax). The batch (data/dataset.h) is B windows of T ids and
// their targets, the same shifted by one token. Returns the loss before the update.
double train_step(Model* model, Optimizer* opt, const Batch& batch, double lr, double clip,
                  EmbeddingPath path = EmbeddingPath::kLookup, Rng* negatives = nullptr);

// Trains on `tokens` (ids < cfg.model.V), writing checkpoint.bin, metrics.csv, loss.png
// and summary.json into out_dir. Stops early on Ctrl-C (result->interrupted, after
// writing a checkpoint) or on a non-finite loss (an error naming the step). A resume
// of a run that already reached its last step changes no file (result->already_done).
Status train(const TrainConfig& cfg, const std::vector<int32_t>& tokens,
             const std::string& out_dir, TrainResult* result);

// Asks a running train() to stop at the end of its current step (the SIGINT handler).
void request_stop();

}  // namespace embedlab
