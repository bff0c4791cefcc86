// `embedlab bench train`: training throughput (tokens/s) of the next-token model on the
// lookup and one-hot paths, the PyTorch twin in the same run when python3-torch is
// installed, and what the sparse-row update saves on a large vocabulary: plain SGD
// (exact) and lazy AdamW (an approximation), each beside its dense update.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "nn/init.h"
#include "nn/optim.h"
#include "train/model.h"
#include "util/parallel.h"
#include "util/rng.h"

namespace embedlab {

std::vector<BenchRow> run_torch_peer(const std::string& args);  // cli/bench_peers.cpp

namespace {

// Seconds per training step (forward, backward, optimizer) at B x T tokens.
double step_seconds(const ModelConfig& cfg, int B, EmbeddingPath path, OptimConfig oc, int runs,
                    bool sparse) {
  Model m(cfg);
  Initializer init(InitKind::kDefault, 1);
  init.embedding(m.E.data(), cfg.V, cfg.C);
  init.embedding(m.P.data(), cfg.T, cfg.C);
  init.linear(m.W.data(), m.b.data(), cfg.C, cfg.V);
  Optimizer opt(oc, m.params());
  Rng r(2);
  const int steps = 5;
  std::vector<std::vector<int32_t>> xs(steps), ys(steps);
  for (int s = 0; s < steps; s++)
    for (int i = 0; i < B * cfg.T; i++) {
      xs[s].push_back(int32_t(r.below(uint64_t(cfg.V))));
      ys[s].push_back(int32_t(r.below(uint64_t(cfg.V))));
    }
  std::vector<const std::vector<int32_t>*> touched(m.params().size(), nullptr);
  double secs = median_seconds(
      [&] {
        for (int s = 0; s < steps; s++) {
          m.zero_grad();
          m.step(xs[s].data(), ys[s].data(), B, path, true);
          touched[0] = sparse ? &m.touched_E : nullptr;
          opt.step(1e-3, &touched);
        }
      },
      runs, 1);
  return secs / steps;
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
  BenchRow dense = base, sparse = base;
  dense.V = sparse.V = big.V;
  dense.C = sparse.C = big.C;
  dense.N = sparse.N = 8 * 64;
  dense.name = sparse.name = "SGD step, GPT-2 vocabulary";
  dense.path = "lookup, dense update";
  sparse.path = "lookup, sparse rows";
  dense.seconds = step_seconds(big, 8, EmbeddingPath::kLookup, sgd, runs, false);
  sparse.seconds = step_seconds(big, 8, EmbeddingPath::kLookup, sgd, runs, true);
  sparse.peer = "dense update";
  sparse.ratio = dense.seconds / sparse.seconds;
  sparse.note = "same weights as dense";
  rows->push_back(dense);
  rows->push_back(sparse);

  // AdamW on the same vocabulary: the default updates every row of E (decay and
  // moments move even where the gradient is zero); --lazy-adamw only the rows read,
  // which is faster and NOT the same result. The head W is dense in both.
  OptimConfig adamw_dense, adamw_lazy;
  adamw_lazy.lazy_sparse_adamw = true;
  BenchRow adense = dense, alazy = sparse;
  adense.name = alazy.name = "AdamW step, GPT-2 vocabulary";
  adense.path = "lookup, dense update";
  alazy.path = "lookup, lazy rows (--lazy-adamw)";
  adense.seconds = step_seconds(big, 8, EmbeddingPath::kLookup, adamw_dense, runs, false);
  alazy.seconds = step_seconds(big, 8, EmbeddingPath::kLookup, adamw_lazy, runs, true);
  alazy.peer = "dense update";
  alazy.ratio = adense.seconds / alazy.seconds;
  alazy.note = "not the dense result: untouched rows skip decay and moments";
  rows->push_back(adense);
  rows->push_back(alazy);
}

}  // namespace embedlab
