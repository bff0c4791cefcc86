// `embedlab bench train`: training throughput (tokens/s) of the next-token model on the
// lookup and one-hot paths, the PyTorch twin in the same run when python3-torch is
// installed, and what the sparse-row update saves on a large vocabulary: plain SGD
// (exact) and lazy AdamW (an approximation), each beside its dense update; and a whole
// `embedlab train` run on real English (corpus/kjv_pentateuch.txt) with the default
// last+window mix beside the window mean: tokens/s and the validation loss against the
// bigram counts.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/optim.h"
#include "train/model_dir.h"
#include "train/model.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/parallel.h"
#include "util/timer.h"
#include "util/rng.h"

namespace embedlab {

namespace {

// Seconds per training step (forward, backward, optimizer) at B x T tokens.
double step_seconds(const ModelConfig& cfg, int B, EmbeddingPath path, OptimConfig oc, int runs,
                    bool sparse) {
  Model m(cfg);
  init_model(&m, InitKind::kDefault, 1);
  Optimizer opt(oc, m.params());
  Rng r(2);
  const int steps = 5;
  std::vector<std::vector<int32_t>> xs(steps), ys(steps);
  for (int s = 0; s < steps; s++)
    for (int i = 0; i < B * cfg.T; i++) {
      xs[s].push_back(int32_t(r.below(uint64_t(cfg.V))));
      ys[s].push_back(int32_t(r.below(uint64_t(cfg.V))));
    }
  const std::vector<const std::vector<int32_t>*> dense(m.params().size(), nullptr);
  double secs = time_call(
      [&] {
        for (int s = 0; s < steps; s++) {
          m.forward(xs[s].data(), ys[s].data(), B, path);
          m.zero_grad();
          m.backward();
          if (sparse) opt.step(1e-3);  // each table's touched rows
          else opt.step(1e-3, &dense);
        }
      },
      median_of(runs));
  return secs / steps;
}

// The two rows of a dense-versus-sparse measurement: `row` (name, sizes, pass) on the
// dense path, then on the sparse one with its speed-up over the dense and `note`.
void push_dense_sparse(std::vector<BenchRow>* rows, BenchRow row, const std::string& dense_path,
                       double dense_s, const std::string& sparse_path, double sparse_s,
                       const std::string& note) {
  row.path = dense_path;
  row.seconds = dense_s;
  rows->push_back(row);
  row.path = sparse_path;
  row.seconds = sparse_s;
  row.peer = "dense update";
  row.ratio = dense_s / sparse_s;
  row.note = note;
  rows->push_back(row);
}

}  // namespace

void bench_train(std::vector<BenchRow>* rows, int threads, int runs, bool with_peers) {
  set_blas_threads(threads);
  set_num_threads(threads);
  const int B = 32, T = 64, V = 4096, C = 128;
  ModelConfig cfg{V, C, T, 1, false};
  OptimConfig adamw;  // PyTorch's defaults
  BenchRow base;
  base.group = "train";
  base.V = V;
  base.C = C;
  base.N = B * T;
  base.threads = threads;
  base.pass = "train step";
  BenchRow lookup = base, onehot = base;
  lookup.name = "next-token model, AdamW";
  lookup.path = "lookup";
  lookup.seconds = step_seconds(cfg, B, EmbeddingPath::kLookup, adamw, runs, false);
  onehot.name = lookup.name;
  onehot.path = "onehot";
  onehot.seconds = step_seconds(cfg, B, EmbeddingPath::kOneHot, adamw, runs, false);
  char note[96];
  std::snprintf(note, sizeof note, "%.0f tokens/s", B * T / lookup.seconds);
  lookup.note = note;
  std::snprintf(note, sizeof note, "%.0f tokens/s", B * T / onehot.seconds);
  onehot.note = note;
  onehot.peer = "lookup";
  onehot.ratio = lookup.seconds / onehot.seconds;
  if (with_peers) {
    char args[128];
    std::snprintf(args, sizeof args, "train %d %d %d %d %d %d 5", threads, runs, B, T, V, C);
    for (BenchRow& p : run_torch_peer(args)) {
      p.group = "train";
      std::snprintf(note, sizeof note, "%.0f tokens/s", B * T / p.seconds);
      p.note = note;
      lookup.peer = "torch";
      lookup.ratio = p.seconds / lookup.seconds;
      rows->push_back(p);
    }
  }
  rows->push_back(lookup);
  rows->push_back(onehot);

  // The sparse update: plain SGD on GPT-2's vocabulary touches only the rows read.
  ModelConfig big{50257, 64, 64, 1, false};
  OptimConfig sgd;
  sgd.kind = OptimizerKind::kSgd;
  sgd.weight_decay = 0;
  BenchRow step = base;
  step.V = big.V;
  step.C = big.C;
  step.N = 8 * 64;
  step.name = "SGD step, GPT-2 vocabulary";
  double dense_s = step_seconds(big, 8, EmbeddingPath::kLookup, sgd, runs, false);
  double sparse_s = step_seconds(big, 8, EmbeddingPath::kLookup, sgd, runs, true);
  push_dense_sparse(rows, step, "lookup, dense update", dense_s, "lookup, sparse rows", sparse_s,
                    "same weights as dense");

  // The table's update alone, where the saving lives: GPT-2's 50257 x 768 token table
  // and the gradient of one batch of 8 x 1024 tokens (at most 8,192 rows non-zero).
  // Dense SGD reads and writes all 38.6M weights; the sparse update only the rows read.
  {
    const int tV = 50257, tC = 768, tN = 8 * 1024;
    std::vector<float> E(size_t(tV) * tC, 0.01f), dE(size_t(tV) * tC, 0.0f);
    Rng r(3);
    std::vector<int32_t> ids(static_cast<size_t>(tN));
    for (int32_t& id : ids) id = int32_t(r.below(uint64_t(tV)));
    std::vector<int32_t> rows_read = touched_rows(ids.data(), tN);
    for (int32_t row : rows_read)
      for (int c = 0; c < tC; c++) dE[size_t(row) * tC + c] = 1e-3f;
    Optimizer opt(sgd, {Param{"token_embedding", E.data(), dE.data(), size_t(tV), size_t(tC)}});
    std::vector<const std::vector<int32_t>*> touched = {&rows_read};
    BenchRow table = base;
    table.V = tV;
    table.C = tC;
    table.N = tN;
    table.pass = "optimizer step";
    table.name = "SGD update of the token table only";
    const double table_dense_s = time_call([&] { opt.step(1e-3, nullptr); }, median_of(runs));
    const double table_sparse_s = time_call([&] { opt.step(1e-3, &touched); }, median_of(runs));
    push_dense_sparse(rows, table, "dense update", table_dense_s, "sparse rows", table_sparse_s,
                      std::to_string(rows_read.size()) + " of " + std::to_string(tV) +
                          " rows touched; same weights as dense");
  }

  // AdamW on the same vocabulary: the default updates every row of E (decay and
  // moments move even where the gradient is zero); --lazy-adamw only the rows read,
  // which is faster and NOT the same result. The head W is dense in both.
  OptimConfig adamw_dense, adamw_lazy;
  adamw_lazy.lazy_sparse_adamw = true;
  step.name = "AdamW step, GPT-2 vocabulary";
  dense_s = step_seconds(big, 8, EmbeddingPath::kLookup, adamw_dense, runs, false);
  sparse_s = step_seconds(big, 8, EmbeddingPath::kLookup, adamw_lazy, runs, true);
  push_dense_sparse(rows, step, "lookup, dense update", dense_s,
                    "lookup, lazy rows (--lazy-adamw)", sparse_s,
                    "not the dense result: untouched rows skip decay and moments");
}

Status bench_real_text(std::vector<BenchRow>* rows, int threads, bool quick) {
  set_blas_threads(threads);
  set_num_threads(threads);
  const std::string path = "corpus/kjv_pentateuch.txt";
  // embedlab train's defaults (cli_train_config): a 1,280-token BPE of the text, C 64,
  // T 32, window 4, batch 32, AdamW with warm-up and cosine decay, default_steps().
  CorpusOptions co;
  co.max_bytes = quick ? 40000 : 0;
  TokenizedCorpus corpus;
  EMBEDLAB_RETURN_IF_ERROR(tokenize_corpus(path, co, &corpus));
  TrainConfig cfg = cli_train_config(corpus.tok.vocab_size(), corpus.ids.size());
  if (quick) cfg.steps = 10;
  cfg.quiet = true;
  cfg.compare_paths = false;
  BenchRow row[2];
  const Mix mixes[2] = {cfg.model.mix, Mix::kWindow};
  for (int i = 0; i < 2; i++) {
    cfg.model.mix = mixes[i];
    TrainResult r;
    // The run's files (checkpoint, metrics, picture, summary) go to a temporary folder.
    std::string dir = "/tmp/embedlab-bench-XXXXXX";
    if (const char* tmp = std::getenv("TMPDIR")) dir = std::string(tmp) + "/embedlab-bench-XXXXXX";
    if (mkdtemp(&dir[0]) == nullptr)
      return Status::io_error(dir + ": cannot create a temporary folder for the training run");
    Status s = train_from_corpus(corpus, cfg, dir, &r);
    for (const char* f : {"checkpoint.bin", "metrics.csv", "loss.png", "summary.json",
                          kTokenizerFileName})
      std::remove(path_join(dir, f).c_str());
    rmdir(dir.c_str());
    EMBEDLAB_RETURN_IF_ERROR(s);
    BenchRow& b = row[i];
    b.group = "train";
    b.name = "embedlab train defaults, " + path + (quick ? " (first 40 KB)" : "");
    b.path = std::string(mix_name(mixes[i])) + " mix";
    b.pass = "whole run (once)";
    b.V = cfg.model.V;
    b.C = cfg.model.C;
    b.N = int64_t(r.steps_done) * cfg.batch * cfg.model.T;
    b.threads = threads;
    b.seconds = r.seconds;
    char note[200];
    std::snprintf(note, sizeof note,
                  "%.0f tokens/s, %lld steps; validation %.4f vs bigram %.4f: %+.3f nats (%s)",
                  r.tokens_per_s, (long long)r.steps_done, r.final_val_loss, r.baselines.bigram,
                  r.final_val_loss - r.baselines.bigram,
                  r.final_val_loss < r.baselines.bigram ? "below" : "NOT below");
    b.note = note;
  }
  rows->push_back(row[0]);
  rows->push_back(row[1]);
  return Status();
}

}  // namespace embedlab
