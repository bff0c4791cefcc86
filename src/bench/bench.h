// Benchmark helpers for `embedlab bench`: medians of repeated runs after a warm-up,
// the machine's limits measured in the same run (copy bandwidth, sgemm peak), and
// one table / one JSON object per line for every figure.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/blas_setup.h"
#include "util/status.h"

namespace embedlab {

struct BenchRow {
  std::string group;        // tokenizer | embedding | train | limits
  std::string name;         // what was measured
  std::string path;         // lookup | onehot | torch-lookup | embedlab | tiktoken ...
  std::string pass;         // forward | backward | forward+backward | encode | ...
  long long V = 0, C = 0, N = 0;  // tokenizer rows: V vocabulary, N merges or tokens
  int threads = 1;
  double seconds = 0;       // median
  double bytes = 0;         // bytes moved or processed (for GB/s, MB/s)
  double flops = 0;         // floating-point operations (for GFLOP/s)
  std::string peer;         // the row it is compared with ("" if none)
  double ratio = 0;         // peer seconds / these seconds (above 1: this row is faster)
  std::string limit;        // e.g. "62% of copy bandwidth"
  std::string note;
};

// The npm encoders of tests/bench/tiktoken_peer.mjs (bench_peers.cpp): one row per
// encoder, file and pass, with what identifies their ids.
struct NodePeerRow {
  BenchRow row;                // name, path (tiktoken | gpt-tokenizer | js-tiktoken), pass, seconds, bytes
  std::string file;
  long long tokens = 0;
  uint32_t ids_fnv1a = 0;      // FNV-1a over the ids as 4 little-endian bytes each
  bool same_ids_as_tiktoken = false;
};
// Why the npm peers cannot run ("node not found", ...), or "" when they can.
std::string node_peer_missing();
// Runs tests/bench/tiktoken_peer.mjs on the files with `encoding` (gpt2, cl100k_base or
// o200k_base; medians of `runs` after a warm-up); no rows when it cannot run.
std::vector<NodePeerRow> run_node_peer(const std::vector<std::string>& files, int runs,
                                       const std::string& encoding);
uint32_t ids_fnv1a(const std::vector<int32_t>& ids);

// How a bench figure is timed: every timing in make bench goes through time_call.
//   runs, warmup  the figure is the median of `runs` samples, after `warmup` calls
//   min_sample    > 0: a sample repeats fn until it lasts this long (seconds) and gives
//                 the time of one call, so a call of microseconds is timed over many
//   best          the fastest sample instead of the median: for a machine limit, which
//                 a median measured in a quiet moment would put above 100%
//   setup         run before every call, outside the timing (e.g. emptying a cache)
struct Timing {
  int runs = 5;
  int warmup = 1;
  double min_sample = 0;
  bool best = false;
  std::function<void()> setup;
};
// The plain case: the median of `runs` calls after one warm-up call.
inline Timing median_of(int runs) {
  Timing t;
  t.runs = runs;
  return t;
}
// A machine limit: the fastest of `runs` calls after one warm-up call.
inline Timing best_of(int runs) {
  Timing t = median_of(runs);
  t.best = true;
  return t;
}
// Wall seconds of one call of fn, as `t` says.
double time_call(const std::function<void()>& fn, const Timing& t = Timing());
// memcpy bandwidth in bytes/s (read + write counted once each, as STREAM's copy does).
double copy_bandwidth(int threads, size_t bytes = size_t(256) << 20);
// sgemm throughput in FLOP/s at a large square size (OpenBLAS, given threads).
double sgemm_peak(int threads);

std::string bench_json(const BenchRow& r);
std::string bench_table(const std::vector<BenchRow>& rows);  // markdown

// PyTorch's side (tests/bench/torch_peer.py with `args`), or no rows when python3-torch
// is not installed (bench_peers.cpp).
std::vector<BenchRow> run_torch_peer(const std::string& args);

// The areas, one file each; run_bench.h says what calls them.
// The machine's limits, measured in the same run (0: not measured).
struct Limits {
  double copy_bytes_per_s = 0, sgemm_flops = 0;
};
// The embedding area's shapes: every V x C x N of the lists and, with batch_shape, one
// training batch's lookup (V 4096, C 128, N 2048), where fixed costs per call show.
struct EmbeddingBenchOptions {
  std::vector<int> vocabs = {6, 256, 4096, 50257};
  std::vector<int> dims = {3, 256, 768};
  std::vector<int> tokens = {4, 8192};
  bool batch_shape = true;
  double max_gb = 2.0;        // skip one-hot cases needing more memory
  double max_gflop = 2000.0;  // skip one-hot cases with more work per pass
};
// Lookup against one-hot product, forward and backward, beside PyTorch and the
// machine's limits (bench_embedding.cpp).
void bench_embedding(const EmbeddingBenchOptions& o, int threads, int runs, bool peers,
                     const Limits& lim, std::vector<BenchRow>* rows);
// Training steps on the lookup and one-hot paths, dense against sparse updates (bench_train.cpp).
void bench_train(std::vector<BenchRow>* rows, int threads, int runs, bool with_peers);
// A whole default training run on the shipped real text, context vs mean mix (bench_train.cpp).
Status bench_real_text(std::vector<BenchRow>* rows, int threads, bool quick);
// Tokenizer rows; *notes gets the BPE training scaling table (bench_tokenizer.cpp).
void bench_tokenizer(std::vector<BenchRow>* rows, std::string* notes, int runs, bool with_peers,
                     bool quick);

}  // namespace embedlab
