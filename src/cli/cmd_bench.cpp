// embedlab bench <embedding|train|tokenizer|all> [--json] [--out DIR]
// Timings, never inside tests. Every figure is the median of at least 5 runs after a
// warm-up (a run repeats tiny work until it lasts at least 1 ms); each is printed
// beside its peer measured in the same run where the peer is installed (PyTorch for
// the embedding and training, npm tiktoken and gpt-tokenizer for encoding, the
// recount-every-merge trainer for BPE training), with the ratio, and beside the
// machine's limit (copy bandwidth for the lookup, sgemm peak for the one-hot product),
// measured in the same run with the same thread count.
// Output: a markdown table (or one JSON object per line with --json), then the BPE
// training scaling table; with --out DIR also DIR/bench.md and DIR/bench.json.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "cli/bench.h"
#include "cli/commands.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/huge_pages.h"
#include "util/parallel.h"
#include "util/rng.h"
#include "util/timer.h"

namespace embedlab {

std::vector<BenchRow> run_torch_peer(const std::string& args);  // bench_peers.cpp
void bench_train(std::vector<BenchRow>* rows, int threads, int runs, bool with_peers);
// A whole default training run on the shipped real text, context vs mean mix (bench_train.cpp).
Status bench_real_text(std::vector<BenchRow>* rows, int threads, bool quick);
// Tokenizer rows; *notes gets the BPE training scaling table (bench_tokenizer.cpp).
void bench_tokenizer(std::vector<BenchRow>* rows, std::string* notes, int runs, bool with_peers,
                     bool quick);

namespace {

std::vector<int> int_list(const Flags& flags, const std::string& name, std::vector<int> def) {
  if (!flags.was_set(name)) return def;
  std::vector<int> out;
  for (const std::string& w : flags.get_list(name)) out.push_back(std::atoi(w.c_str()));
  return out;
}

std::string percent(double part, double whole, const char* of) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f%% of %s", 100.0 * part / whole, of);
  return buf;
}

struct Limits {
  double copy_bytes_per_s = 0, sgemm_flops = 0;
};

void bench_embedding(const Flags& flags, int threads, int runs, bool peers, const Limits& lim,
                     std::vector<BenchRow>* rows) {
  const std::vector<int> vocabs = int_list(flags, "vocabs", {6, 256, 4096, 50257});
  const std::vector<int> dims = int_list(flags, "dims", {3, 256, 768});
  const std::vector<int> tokens = int_list(flags, "tokens", {4, 8192});
  const double max_gb = flags.get_double("max-gb");
  const double max_gflop = flags.get_double("max-gflop");
  // Every V x C x N of the lists; by default also one small shape (V 4096, C 128, N 2048:
  // a training batch's lookup, where fixed costs per call show).
  struct Shape {
    int V, C, N;
  };
  std::vector<Shape> shapes;
  for (int V : vocabs)
    for (int C : dims)
      for (int N : tokens)
        if (V >= 1 && C >= 1 && N >= 1) shapes.push_back({V, C, N});
  if (!flags.was_set("vocabs") && !flags.was_set("dims") && !flags.was_set("tokens"))
    shapes.push_back({4096, 128, 2048});
  // Each figure: the median of `runs` samples, a sample lasting at least 1 ms.
  Timing fine;
  fine.runs = runs;
  fine.min_sample = 1e-3;
  set_num_threads(threads);
  set_blas_threads(threads);
  // PyTorch's side for every shape, in one process.
  std::map<std::string, double> torch;  // "path/pass/V/C/N" -> seconds
  if (peers) {
    std::string args = "embedding " + std::to_string(threads) + " " + std::to_string(runs);
    for (const Shape& sh : shapes)
      args += " " + std::to_string(sh.V) + ":" + std::to_string(sh.C) + ":" + std::to_string(sh.N);
    for (BenchRow& p : run_torch_peer(args)) {
      torch[p.path + "/" + p.pass + "/" + std::to_string(p.V) + "/" + std::to_string(p.C) + "/" +
            std::to_string(p.N)] = p.seconds;
      p.group = "embedding";
      rows->push_back(p);
    }
  }
  auto peer = [&](BenchRow* r, const std::string& path) {
    auto it = torch.find(path + "/" + r->pass + "/" + std::to_string(r->V) + "/" +
                         std::to_string(r->C) + "/" + std::to_string(r->N));
    if (it == torch.end()) return;
    r->peer = path;
    r->ratio = it->second / r->seconds;
  };
  Rng rng(1);
  HugePageVector<float> W, dW;  // stored the way a model's Tensor stores its tables
  int table_V = 0, table_C = 0;  // the table in W (made again when the shape needs another)
  for (const Shape& sh : shapes) {
    const int V = sh.V, C = sh.C, N = sh.N;
    if (V != table_V || C != table_C) {
      W.assign(size_t(V) * C, 0.0f);
      dW.assign(size_t(V) * C, 0.0f);
      Initializer(InitKind::kDefault, 1).embedding(W.data(), V, C);
      table_V = V;
      table_C = C;
    }
    std::vector<int32_t> ids(static_cast<size_t>(N));
    for (auto& id : ids) id = int32_t(rng.below(uint64_t(V)));
    std::vector<int32_t> rows_touched = touched_rows(ids.data(), N);
    HugePageVector<float> out(size_t(N) * C), dout(size_t(N) * C, 0.001f);
    BenchRow base;
    base.group = "embedding";
    base.name = "embedding";
    base.V = V;
    base.C = C;
    base.N = N;
    base.threads = threads;
    // Lookup: forward reads and writes N*C floats; backward zeroes the touched rows
    // (PyTorch zero-fills its whole dense gradient instead), reads dout and adds.
    BenchRow f = base, b = base, fb = base;
    f.path = b.path = fb.path = "lookup";
    f.pass = "forward";
    b.pass = "backward";
    fb.pass = "forward+backward";
    f.bytes = 8.0 * N * C;
    b.bytes = 12.0 * N * C + 4.0 * double(rows_touched.size()) * C;
    fb.bytes = f.bytes + b.bytes;
    auto zero_rows = [&] {
      for (int32_t r : rows_touched) std::memset(&dW[size_t(r) * C], 0, sizeof(float) * C);
    };
    f.seconds = time_call([&] { embedding_forward(out.data(), ids.data(), W.data(), N, V, C); }, fine);
    b.seconds = time_call([&] {
      zero_rows();
      embedding_backward(dW.data(), dout.data(), ids.data(), N, C);
    }, fine);
    fb.seconds = time_call([&] {
      embedding_forward(out.data(), ids.data(), W.data(), N, V, C);
      zero_rows();
      embedding_backward(dW.data(), dout.data(), ids.data(), N, C);
    }, fine);
    if (lim.copy_bytes_per_s > 0 && N * C >= (1 << 18))
      f.limit = percent(f.bytes / f.seconds, lim.copy_bytes_per_s, "copy bandwidth");
    peer(&f, "torch-lookup");
    peer(&fb, "torch-lookup");
    rows->push_back(f);
    rows->push_back(b);
    rows->push_back(fb);
    // One-hot: X (N,V); each product 2*N*V*C flops.
    const double need = 4.0 * (double(N) * V + 2.0 * V * C + 2.0 * N * C);
    const double gflop = 2.0 * N * double(V) * C / 1e9;
    BenchRow skip = base;
    skip.path = "onehot";
    skip.pass = "all";
    char why[160] = "";
    if (need > max_gb * 1e9)
      std::snprintf(why, sizeof why, "skipped: needs %.3g GB > %g GB (--max-gb)", need / 1e9, max_gb);
    else if (gflop > max_gflop)
      std::snprintf(why, sizeof why, "skipped: %.3g GFLOP per pass > %g (--max-gflop)", gflop, max_gflop);
    if (why[0]) {
      skip.note = why;
      rows->push_back(skip);
      continue;
    }
    std::vector<float> X(size_t(N) * V), Y(size_t(N) * C);
    onehot_build(X.data(), ids.data(), N, V);
    BenchRow of = base, ob = base, ofb = base;
    of.path = ob.path = ofb.path = "onehot";
    of.pass = "forward";
    ob.pass = "backward";
    ofb.pass = "forward+backward";
    of.flops = ob.flops = gflop * 1e9;
    ofb.flops = 2 * gflop * 1e9;
    of.seconds = time_call([&] { onehot_forward(Y.data(), X.data(), W.data(), N, V, C); }, fine);
    ob.seconds = time_call([&] { onehot_backward(dW.data(), X.data(), dout.data(), N, V, C); }, fine);
    ofb.seconds = time_call([&] {
      onehot_forward(Y.data(), X.data(), W.data(), N, V, C);
      onehot_backward(dW.data(), X.data(), dout.data(), N, V, C);
    }, fine);
    for (BenchRow* r : {&of, &ob, &ofb}) {
      if (lim.sgemm_flops > 0 && gflop >= 0.1)
        r->limit = percent(r->flops / r->seconds, lim.sgemm_flops, "sgemm peak");
      r->peer = "lookup";
    }
    of.ratio = f.seconds / of.seconds;  // below 1: the one-hot product is slower
    ob.ratio = b.seconds / ob.seconds;
    ofb.ratio = fb.seconds / ofb.seconds;
    if (torch.count("torch-onehot/forward/" + std::to_string(V) + "/" + std::to_string(C) + "/" + std::to_string(N))) {
      BenchRow tp = of;
      peer(&tp, "torch-onehot");
      of.note = "torch one_hot @ W: " + std::to_string(tp.ratio).substr(0, 4) + "x our time";
    }
    rows->push_back(of);
    rows->push_back(ob);
    rows->push_back(ofb);
  }
}

std::string machine_line(int threads) {
  std::string cpu = "unknown CPU";
  FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (f) {
    char line[512];
    while (std::fgets(line, sizeof line, f))
      if (std::strncmp(line, "model name", 10) == 0) {
        const char* c = std::strchr(line, ':');
        if (c) cpu = std::string(c + 2, std::strcspn(c + 2, "\n"));
        break;
      }
    std::fclose(f);
  }
  char date[32];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  return cpu + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, " +
         std::to_string(threads) + " threads, " + date;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  Flags flags("embedlab bench", "timings, each beside its peer and the machine's limit");
  flags.positional_usage("<embedding|train|tokenizer|all>");
  flags.add_switch("json", "one JSON object per line instead of the table");
  flags.add("out", "", "also write bench.md and bench.json into this folder");
  flags.add("runs", 5, "measured runs per figure (median; at least 5)");
  flags.add_switch("no-peers", "skip PyTorch and the npm encoders even when installed");
  flags.add_switch("quick", "tokenizer and real-text training: tiny texts and vocabularies (for "
                            "tests; timings mean nothing)");
  flags.add_list("vocabs", "embedding: vocabulary sizes V (default: 6 256 4096 50257)");
  flags.add_list("dims", "embedding: dimensions C (default: 3 256 768)");
  flags.add_list("tokens", "embedding: tokens per batch N (default: 4 8192)");
  flags.add("max-gb", 2.0, "embedding: skip one-hot cases needing more memory");
  flags.add("max-gflop", 2000.0, "embedding: skip one-hot cases with more work per pass");
  flags.add("memcpy-mb", 256, "size of the copy-bandwidth measurement (MB)");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (flags.positional().size() != 1)
    return flags.fail(Status::bad_input("expected one area: embedding, train, tokenizer or all"));
  const std::string area = flags.positional()[0];
  if (area != "embedding" && area != "train" && area != "tokenizer" && area != "all")
    return flags.fail(Status::bad_input("unknown area '" + area +
                                        "', expected embedding, train, tokenizer or all"));
  const int threads = flags.get_int("threads") > 0 ? int(flags.get_int("threads"))
                                                   : int(std::thread::hardware_concurrency());
  const int runs = std::max(5, int(flags.get_int("runs")));
  const bool peers = !flags.get_bool("no-peers");
  std::vector<BenchRow> rows;
  Limits lim;
  if (area != "tokenizer") {
    BenchRow copy, gemm;
    copy.group = gemm.group = "limits";
    copy.threads = gemm.threads = threads;
    copy.name = "memcpy (read + write, best of 10)";
    copy.path = "copy";
    copy.pass = "bandwidth";
    const double mb = double(std::max<int64_t>(1, flags.get_int("memcpy-mb")));
    lim.copy_bytes_per_s = copy_bandwidth(threads, size_t(mb) << 20);
    copy.bytes = 2 * mb * 1048576.0;
    copy.seconds = copy.bytes / lim.copy_bytes_per_s;
    gemm.name = "sgemm 2048^3 (best of 10)";
    gemm.path = "OpenBLAS";
    gemm.pass = "peak";
    lim.sgemm_flops = sgemm_peak(threads);
    gemm.flops = 2.0 * 2048.0 * 2048.0 * 2048.0;
    gemm.seconds = gemm.flops / lim.sgemm_flops;
    rows.push_back(copy);
    rows.push_back(gemm);
  }
  if (area == "embedding" || area == "all") bench_embedding(flags, threads, runs, peers, lim, &rows);
  if (area == "train" || area == "all") bench_train(&rows, threads, runs, peers);
  if (area == "train" || area == "all")
    if (Status s = bench_real_text(&rows, threads, flags.get_bool("quick")); !s.ok())
      return flags.fail(s);
  std::string notes;  // tables that do not fit the rows, printed after them
  if (area == "tokenizer" || area == "all")
    bench_tokenizer(&rows, &notes, runs, peers, flags.get_bool("quick"));

  std::string json, table = "Machine: " + machine_line(threads) + "\n\n" + bench_table(rows);
  if (!notes.empty()) table += "\n" + notes;
  for (const BenchRow& r : rows) json += bench_json(r) + "\n";
  std::fputs(flags.get_bool("json") ? json.c_str() : table.c_str(), stdout);
  const std::string dir = flags.get_string("out");
  if (!dir.empty()) {
    if (Status s = make_dirs(dir); !s.ok()) return flags.fail(s);
    if (Status s = write_file_atomic(path_join(dir, "bench.md"), table); !s.ok()) return flags.fail(s);
    if (Status s = write_file_atomic(path_join(dir, "bench.json"), json); !s.ok()) return flags.fail(s);
  }
  return 0;
}

}  // namespace embedlab
