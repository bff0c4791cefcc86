// embedlab bench: every timing of `make bench`, never inside tests. Every figure is the
// median of at least 5 runs after a warm-up (a run repeats tiny work until it lasts at
// least 1 ms); each is printed beside its peer measured in the same run where the peer
// is installed (PyTorch for the embedding and training, npm tiktoken and gpt-tokenizer
// for encoding, the recount-every-merge trainer for BPE training), with the ratio, and
// beside the machine's limit (copy bandwidth for the lookup, sgemm peak for the one-hot
// product), measured in the same run with the same thread count.
// src/cli/cmd_bench.cpp reads the flags into BenchOptions and prints the report.
#pragma once
#include <cstdint>
#include <string>

#include "bench/bench.h"
#include "util/choice.h"
#include "util/status.h"

namespace embedlab {

// The areas, as bits: all is every one.
enum BenchArea : unsigned {
  kBenchEmbedding = 1,
  kBenchTrain = 2,
  kBenchTokenizer = 4,
  kBenchAll = kBenchEmbedding | kBenchTrain | kBenchTokenizer,
};
// The names the command takes: embedding, train, tokenizer or all.
const Choices<BenchArea>& bench_areas();

struct BenchOptions {
  BenchArea areas = kBenchAll;
  int threads = 1;
  int runs = 5;           // measured runs per figure (median; at least 5 are made)
  bool peers = true;      // PyTorch and the npm encoders, when installed
  bool quick = false;     // tokenizer and real-text training on tiny texts (timings mean nothing)
  int64_t memcpy_mb = 256;  // size of the copy-bandwidth measurement
  EmbeddingBenchOptions embedding;
};

struct BenchReport {
  std::string table;  // the machine, a markdown table, then the BPE training scaling table
  std::string json;   // one JSON object per line, a line per figure
};

// Measures the machine's limits (unless only the tokenizer is asked for), then each area.
Status run_bench(const BenchOptions& o, BenchReport* out);

}  // namespace embedlab
