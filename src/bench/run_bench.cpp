#include "bench/run_bench.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

namespace embedlab {

namespace {

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

// The copy bandwidth and the sgemm peak with `threads`, as two rows and as *lim.
void measure_limits(int threads, int64_t memcpy_mb, Limits* lim, std::vector<BenchRow>* rows) {
  BenchRow copy, gemm;
  copy.group = gemm.group = "limits";
  copy.threads = gemm.threads = threads;
  copy.name = "memcpy (read + write, best of 10)";
  copy.path = "copy";
  copy.pass = "bandwidth";
  const double mb = double(std::max<int64_t>(1, memcpy_mb));
  lim->copy_bytes_per_s = copy_bandwidth(threads, size_t(mb) << 20);
  copy.bytes = 2 * mb * 1048576.0;
  copy.seconds = copy.bytes / lim->copy_bytes_per_s;
  gemm.name = "sgemm 2048^3 (best of 10)";
  gemm.path = "OpenBLAS";
  gemm.pass = "peak";
  lim->sgemm_flops = sgemm_peak(threads);
  gemm.flops = 2.0 * 2048.0 * 2048.0 * 2048.0;
  gemm.seconds = gemm.flops / lim->sgemm_flops;
  rows->push_back(copy);
  rows->push_back(gemm);
}

}  // namespace

const Choices<BenchArea>& bench_areas() {
  static const Choices<BenchArea> areas = {{"embedding", kBenchEmbedding},
                                           {"train", kBenchTrain},
                                           {"tokenizer", kBenchTokenizer},
                                           {"all", kBenchAll}};
  return areas;
}

Status run_bench(const BenchOptions& o, BenchReport* out) {
  const int runs = std::max(5, o.runs);
  std::vector<BenchRow> rows;
  Limits lim;
  if (o.areas != kBenchTokenizer) measure_limits(o.threads, o.memcpy_mb, &lim, &rows);
  if (o.areas & kBenchEmbedding) bench_embedding(o.embedding, o.threads, runs, o.peers, lim, &rows);
  if (o.areas & kBenchTrain) {
    bench_train(&rows, o.threads, runs, o.peers);
    EMBEDLAB_RETURN_IF_ERROR(bench_real_text(&rows, o.threads, o.quick));
  }
  std::string notes;  // tables that do not fit the rows, printed after them
  if (o.areas & kBenchTokenizer) bench_tokenizer(&rows, &notes, runs, o.peers, o.quick);

  out->table = "Machine: " + machine_line(o.threads) + "\n\n" + bench_table(rows);
  if (!notes.empty()) out->table += "\n" + notes;
  out->json.clear();
  for (const BenchRow& r : rows) out->json += bench_json(r) + "\n";
  return Status();
}

}  // namespace embedlab
