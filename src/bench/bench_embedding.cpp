// `embedlab bench embedding`: the lookup against the one-hot product it replaces, on
// every shape asked for, forward, backward and both; each beside PyTorch's same layer
// (measured in one process for all shapes, when python3-torch is installed) and the
// machine's limit: copy bandwidth for the lookup, sgemm peak for the one-hot product.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "util/huge_pages.h"
#include "util/parallel.h"
#include "util/rng.h"

namespace embedlab {

namespace {

struct Shape {
  int V, C, N;
};

std::vector<Shape> shapes_of(const EmbeddingBenchOptions& o) {
  std::vector<Shape> shapes;
  for (int V : o.vocabs)
    for (int C : o.dims)
      for (int N : o.tokens)
        if (V >= 1 && C >= 1 && N >= 1) shapes.push_back({V, C, N});
  if (o.batch_shape) shapes.push_back({4096, 128, 2048});
  return shapes;
}

std::string percent(double part, double whole, const char* of) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f%% of %s", 100.0 * part / whole, of);
  return buf;
}

// PyTorch's seconds for every shape, measured in one process.
class TorchTimes {
 public:
  // Runs the peer on every shape (when `peers`) and appends its rows to *rows.
  TorchTimes(bool peers, const std::vector<Shape>& shapes, int threads, int runs,
             std::vector<BenchRow>* rows) {
    if (!peers) return;
    std::string args = "embedding " + std::to_string(threads) + " " + std::to_string(runs);
    for (const Shape& sh : shapes)
      args += " " + std::to_string(sh.V) + ":" + std::to_string(sh.C) + ":" + std::to_string(sh.N);
    for (BenchRow& p : run_torch_peer(args)) {
      seconds_[key(p.path, p)] = p.seconds;
      p.group = "embedding";
      rows->push_back(p);
    }
  }
  // When PyTorch timed `path` at r's pass and shape: r's peer and ratio, and true.
  bool compare(BenchRow* r, const std::string& path) const {
    auto it = seconds_.find(key(path, *r));
    if (it == seconds_.end()) return false;
    r->peer = path;
    r->ratio = it->second / r->seconds;
    return true;
  }

 private:
  static std::string key(const std::string& path, const BenchRow& r) {  // "path/pass/V/C/N"
    return path + "/" + r.pass + "/" + std::to_string(r.V) + "/" + std::to_string(r.C) + "/" +
           std::to_string(r.N);
  }
  std::map<std::string, double> seconds_;
};

// The table W (V,C) and its gradient dW, stored the way a model's Tensor stores its
// tables, made again only when a shape needs another V or C.
struct Tables {
  HugePageVector<float> W, dW;
  int V = 0, C = 0;
  void make(int v, int c) {
    if (v == V && c == C) return;
    W.assign(size_t(v) * c, 0.0f);
    dW.assign(size_t(v) * c, 0.0f);
    Initializer(InitKind::kDefault, 1).embedding(W.data(), v, c);
    V = v;
    C = c;
  }
};

// One shape's three rows of a path: forward, backward, forward+backward.
struct Passes {
  BenchRow f, b, fb;
  Passes(const BenchRow& base, const char* path) : f(base), b(base), fb(base) {
    f.path = b.path = fb.path = path;
    f.pass = "forward";
    b.pass = "backward";
    fb.pass = "forward+backward";
  }
};

// Lookup: forward reads and writes N*C floats; backward zeroes the touched rows
// (PyTorch zero-fills its whole dense gradient instead), reads dout and adds.
Passes time_lookup(const BenchRow& base, Tables* t, const std::vector<int32_t>& ids,
                   const Timing& fine, const Limits& lim) {
  const int V = t->V, C = t->C, N = int(ids.size());
  std::vector<int32_t> rows_touched = touched_rows(ids.data(), N);
  HugePageVector<float> out(size_t(N) * C), dout(size_t(N) * C, 0.001f);
  float* dW = t->dW.data();
  Passes p(base, "lookup");
  p.f.bytes = 8.0 * N * C;
  p.b.bytes = 12.0 * N * C + 4.0 * double(rows_touched.size()) * C;
  p.fb.bytes = p.f.bytes + p.b.bytes;
  auto zero_rows = [&] {
    for (int32_t r : rows_touched) std::memset(&dW[size_t(r) * C], 0, sizeof(float) * C);
  };
  p.f.seconds = time_call([&] { embedding_forward(out.data(), ids.data(), t->W.data(), N, V, C); }, fine);
  p.b.seconds = time_call([&] {
    zero_rows();
    embedding_backward(dW, dout.data(), ids.data(), N, C);
  }, fine);
  p.fb.seconds = time_call([&] {
    embedding_forward(out.data(), ids.data(), t->W.data(), N, V, C);
    zero_rows();
    embedding_backward(dW, dout.data(), ids.data(), N, C);
  }, fine);
  if (lim.copy_bytes_per_s > 0 && N * C >= (1 << 18))
    p.f.limit = percent(p.f.bytes / p.f.seconds, lim.copy_bytes_per_s, "copy bandwidth");
  return p;
}

// Why the one-hot product of this shape is not timed (past --max-gb or --max-gflop), or "".
std::string onehot_skip(const Shape& sh, const EmbeddingBenchOptions& o) {
  const double N = sh.N, V = sh.V, C = sh.C;
  const double need = 4.0 * (N * V + 2.0 * V * C + 2.0 * N * C);  // X, W, dW, Y, dout
  const double gflop = 2.0 * N * V * C / 1e9;
  char why[160] = "";
  if (need > o.max_gb * 1e9)
    std::snprintf(why, sizeof why, "skipped: needs %.3g GB > %g GB (--max-gb)", need / 1e9, o.max_gb);
  else if (gflop > o.max_gflop)
    std::snprintf(why, sizeof why, "skipped: %.3g GFLOP per pass > %g (--max-gflop)", gflop,
                  o.max_gflop);
  return why;
}

// One-hot: X (N,V); each product 2*N*V*C flops. Each row's peer is the lookup's.
Passes time_onehot(const BenchRow& base, Tables* t, const std::vector<int32_t>& ids,
                   const Passes& lookup, const Timing& fine, const Limits& lim) {
  const int V = t->V, C = t->C, N = int(ids.size());
  const double gflop = 2.0 * N * double(V) * C / 1e9;
  std::vector<float> X(size_t(N) * V), Y(size_t(N) * C);
  HugePageVector<float> dout(size_t(N) * C, 0.001f);
  onehot_build(X.data(), ids.data(), N, V);
  const float* W = t->W.data();
  float* dW = t->dW.data();
  Passes p(base, "onehot");
  p.f.flops = p.b.flops = gflop * 1e9;
  p.fb.flops = 2 * gflop * 1e9;
  p.f.seconds = time_call([&] { onehot_forward(Y.data(), X.data(), W, N, V, C); }, fine);
  p.b.seconds = time_call([&] { onehot_backward(dW, X.data(), dout.data(), N, V, C); }, fine);
  p.fb.seconds = time_call([&] {
    onehot_forward(Y.data(), X.data(), W, N, V, C);
    onehot_backward(dW, X.data(), dout.data(), N, V, C);
  }, fine);
  for (BenchRow* r : {&p.f, &p.b, &p.fb}) {
    if (lim.sgemm_flops > 0 && gflop >= 0.1)
      r->limit = percent(r->flops / r->seconds, lim.sgemm_flops, "sgemm peak");
    r->peer = "lookup";
  }
  p.f.ratio = lookup.f.seconds / p.f.seconds;  // below 1: the one-hot product is slower
  p.b.ratio = lookup.b.seconds / p.b.seconds;
  p.fb.ratio = lookup.fb.seconds / p.fb.seconds;
  return p;
}

}  // namespace

void bench_embedding(const EmbeddingBenchOptions& o, int threads, int runs, bool peers,
                     const Limits& lim, std::vector<BenchRow>* rows) {
  const std::vector<Shape> shapes = shapes_of(o);
  // Each figure: the median of `runs` samples, a sample lasting at least 1 ms.
  Timing fine;
  fine.runs = runs;
  fine.min_sample = 1e-3;
  set_num_threads(threads);
  set_blas_threads(threads);
  const TorchTimes torch(peers, shapes, threads, runs, rows);
  Rng rng(1);
  Tables tables;
  for (const Shape& sh : shapes) {
    tables.make(sh.V, sh.C);
    std::vector<int32_t> ids(static_cast<size_t>(sh.N));
    for (auto& id : ids) id = int32_t(rng.below(uint64_t(sh.V)));
    BenchRow base;
    base.group = "embedding";
    base.name = "embedding";
    base.V = sh.V;
    base.C = sh.C;
    base.N = sh.N;
    base.threads = threads;
    Passes lookup = time_lookup(base, &tables, ids, fine, lim);
    torch.compare(&lookup.f, "torch-lookup");
    torch.compare(&lookup.fb, "torch-lookup");
    rows->insert(rows->end(), {lookup.f, lookup.b, lookup.fb});
    if (std::string why = onehot_skip(sh, o); !why.empty()) {
      BenchRow skip = base;
      skip.path = "onehot";
      skip.pass = "all";
      skip.note = why;
      rows->push_back(skip);
      continue;
    }
    Passes onehot = time_onehot(base, &tables, ids, lookup, fine, lim);
    if (BenchRow tp = onehot.f; torch.compare(&tp, "torch-onehot"))
      onehot.f.note = "torch one_hot @ W: " + std::to_string(tp.ratio).substr(0, 4) + "x our time";
    rows->insert(rows->end(), {onehot.f, onehot.b, onehot.fb});
  }
}

}  // namespace embedlab
