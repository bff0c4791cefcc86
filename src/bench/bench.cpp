#include "bench/bench.h"

#include <cblas.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "util/parallel.h"
#include "util/timer.h"

namespace embedlab {

double time_call(const std::function<void()>& fn, const Timing& t) {
  auto call = [&] {
    if (t.setup) t.setup();
    fn();
  };
  for (int i = 0; i < t.warmup; i++) call();
  // Calls a sample repeats: doubled until one sample lasts min_sample (those calls warm
  // up too). With a setup each call is timed alone, so this stays 1.
  int inner = 1;
  while (t.min_sample > 0 && !t.setup && inner < (1 << 20)) {
    const double t0 = now_seconds();
    for (int i = 0; i < inner; i++) fn();
    if (now_seconds() - t0 >= t.min_sample) break;
    inner *= 2;
  }
  std::vector<double> samples;
  for (int r = 0; r < std::max(1, t.runs); r++) {
    if (t.setup) t.setup();
    const double t0 = now_seconds();
    for (int i = 0; i < inner; i++) fn();
    samples.push_back((now_seconds() - t0) / inner);
  }
  std::sort(samples.begin(), samples.end());
  return t.best ? samples.front() : samples[samples.size() / 2];
}

uint32_t ids_fnv1a(const std::vector<int32_t>& ids) {
  uint32_t h = 0x811C9DC5u;
  for (int32_t id : ids)
    for (int k = 0; k < 4; k++) h = (h ^ ((uint32_t(id) >> (8 * k)) & 0xFF)) * 16777619u;
  return h;
}

double copy_bandwidth(int threads, size_t n) {
  std::vector<char> a(n, 1), b(n, 0);
  set_num_threads(threads);
  // A limit is what the machine can do at best: the fastest of ten runs.
  double s = time_call([&] {
    parallel_for(int64_t(n), 1 << 20, [&](int64_t lo, int64_t hi) {
      std::memcpy(b.data() + lo, a.data() + lo, size_t(hi - lo));
    });
  }, best_of(10));
  set_num_threads(0);
  return 2.0 * double(n) / s;
}

double sgemm_peak(int threads) {
  const int n = 2048;
  std::vector<float> a(size_t(n) * n, 1.0f), b(size_t(n) * n, 0.5f), c(size_t(n) * n);
  set_blas_threads(threads);
  double s = time_call([&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(),
                n, 0.0f, c.data(), n);
  }, best_of(10));
  return 2.0 * n * double(n) * n / s;
}

static std::string esc(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    if (static_cast<unsigned char>(ch) >= 0x20) o += ch;
  }
  return o;
}

std::string bench_json(const BenchRow& r) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "{\"group\": \"%s\", \"name\": \"%s\", \"path\": \"%s\", \"pass\": \"%s\", "
                "\"V\": %lld, \"C\": %lld, \"N\": %lld, \"threads\": %d, \"seconds\": %.6g, "
                "\"bytes\": %.6g, \"flops\": %.6g, \"peer\": \"%s\", \"ratio\": %.4g, "
                "\"limit\": \"%s\", \"note\": \"%s\"}",
                esc(r.group).c_str(), esc(r.name).c_str(), esc(r.path).c_str(),
                esc(r.pass).c_str(), r.V, r.C, r.N, r.threads, r.seconds, r.bytes, r.flops,
                esc(r.peer).c_str(), r.ratio, esc(r.limit).c_str(), esc(r.note).c_str());
  return buf;
}

static std::string rate(const BenchRow& r) {
  char buf[64] = "";
  if (r.flops > 0) std::snprintf(buf, sizeof buf, "%.1f GFLOP/s", r.flops / r.seconds / 1e9);
  else if (r.bytes > 0 && r.group == "tokenizer")  // the slow recount trainer: 2 digits
    std::snprintf(buf, sizeof buf, r.bytes / r.seconds >= 1e6 ? "%.1f MB/s" : "%.2g MB/s",
                  r.bytes / r.seconds / 1e6);
  else if (r.bytes > 0) std::snprintf(buf, sizeof buf, "%.2f GB/s", r.bytes / r.seconds / 1e9);
  return buf;
}

std::string bench_table(const std::vector<BenchRow>& rows) {
  std::string out =
      "| group | measurement | path | pass | V | C | N | threads | median | rate | vs peer | limit |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const BenchRow& r : rows) {
    char t[64], ratio[96] = "";
    if (r.seconds <= 0) std::snprintf(t, sizeof t, "-");
    else if (r.seconds >= 1) std::snprintf(t, sizeof t, "%.2f s", r.seconds);
    else if (r.seconds >= 1e-3) std::snprintf(t, sizeof t, "%.2f ms", r.seconds * 1e3);
    else std::snprintf(t, sizeof t, "%.1f us", r.seconds * 1e6);
    if (!r.peer.empty() && r.ratio >= 1)
      std::snprintf(ratio, sizeof ratio, r.ratio >= 100 ? "%.0fx faster than %s" : "%.3gx faster than %s",
                    r.ratio, r.peer.c_str());
    else if (!r.peer.empty() && r.ratio > 0)
      std::snprintf(ratio, sizeof ratio, "%.3gx slower than %s", 1.0 / r.ratio, r.peer.c_str());
    auto num = [](long long v) { return v ? std::to_string(v) : std::string(""); };
    out += "| " + r.group + " | " + r.name + " | " + r.path + " | " + r.pass + " | " + num(r.V) +
           " | " + num(r.C) + " | " + num(r.N) + " | " + std::to_string(r.threads) + " | " + t +
           " | " + rate(r) + " | " + ratio + " | " + r.limit + (r.note.empty() ? "" : " " + r.note) +
           " |\n";
  }
  return out;
}

}  // namespace embedlab
