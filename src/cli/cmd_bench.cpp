// embedlab bench <area|all> [--json]: timings, one table or one JSON object per line.
// Areas: embedding (lookup vs one-hot, forward / backward / both, plus a memcpy
// bandwidth reference measured in the same run).
// Every number is the median of >= 5 runs after a warm-up; a run repeats the work
// enough times to last >= 1 ms so that tiny cases are not timer noise.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <cblas.h>

#include "cli/commands.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

namespace embedlab {

namespace {

// Shapes: N tokens, V vocabulary size, C embedding dimension.

struct Timing {
  double seconds = 0;  // median seconds of one call
  int runs = 0;        // measured samples
};

Timing measure(const std::function<void()>& fn, int min_runs) {
  fn();  // warm-up (page faults, caches, BLAS threads)
  int inner = 1;
  for (;;) {  // calibrate: one sample lasts >= 1 ms
    double t0 = now_seconds();
    for (int i = 0; i < inner; i++) fn();
    if (now_seconds() - t0 >= 1e-3 || inner >= (1 << 20)) break;
    inner *= 2;
  }
  std::vector<double> samples;
  for (int r = 0; r < min_runs; r++) {
    double t0 = now_seconds();
    for (int i = 0; i < inner; i++) fn();
    samples.push_back((now_seconds() - t0) / inner);
  }
  std::sort(samples.begin(), samples.end());
  return {samples[samples.size() / 2], min_runs};
}

std::vector<int> int_list(const Flags& flags, const std::string& name, std::vector<int> def) {
  if (!flags.was_set(name)) return def;
  std::vector<int> out;
  for (const std::string& w : flags.get_list(name)) out.push_back(std::stoi(w));
  return out;
}

struct Reporter {
  bool json = false;
  std::string tsv;
  void result(const char* path, const char* pass, int V, int C, int N, int threads, double s,
              const char* rate_name, double rate) {
    if (json) {
      std::printf("{\"name\":\"embedding\",\"path\":\"%s\",\"pass\":\"%s\",\"V\":%d,\"C\":%d,"
                  "\"N\":%d,\"threads\":%d,\"seconds\":%.6g,\"%s\":%.4g}\n",
                  path, pass, V, C, N, threads, s, rate_name, rate);
    } else {
      std::printf("  %-7s %-16s %6d %4d %5d %3d %12.3f us %9.2f %s\n", path, pass, V, C, N,
                  threads, s * 1e6, rate, std::strcmp(rate_name, "GB_per_s") ? "GFLOP/s" : "GB/s");
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s\t%s\t%d\t%d\t%d\t%d\t%.6g\t%s\t%.4g\n", path, pass, V, C, N,
                  threads, s, rate_name, rate);
    tsv += buf;
  }
  void skipped(const char* path, int V, int C, int N, const std::string& why) {
    if (json)
      std::printf("{\"name\":\"embedding\",\"path\":\"%s\",\"pass\":\"all\",\"V\":%d,\"C\":%d,"
                  "\"N\":%d,\"skipped\":\"%s\"}\n",
                  path, V, C, N, why.c_str());
    else
      std::printf("  %-7s %-16s %6d %4d %5d   - skipped: %s\n", path, "all", V, C, N, why.c_str());
  }
};

void bench_memcpy(Reporter* rep, int runs, int mb) {
  const size_t bytes = size_t(mb) << 20;
  std::vector<char> a(bytes, 1), b(bytes, 0);
  Timing t = measure([&] { std::memcpy(b.data(), a.data(), bytes); }, runs);
  const double gbps = 2.0 * double(bytes) / t.seconds / 1e9;  // read + write
  if (rep->json)
    std::printf("{\"name\":\"memcpy\",\"bytes\":%zu,\"threads\":1,\"seconds\":%.6g,"
                "\"GB_per_s\":%.4g}\n",
                bytes, t.seconds, gbps);
  else
    std::printf("memcpy of %d MB: %.3f ms, %.2f GB/s (read + write): the memory bandwidth a lookup\nlarger than the caches can reach\n\n",
                mb, t.seconds * 1e3, gbps);
}

int bench_embedding(const Flags& flags, Reporter* rep) {
  const std::vector<int> vocabs = int_list(flags, "vocabs", {6, 256, 4096, 50257});
  const std::vector<int> dims = int_list(flags, "dims", {3, 256, 768});
  const std::vector<int> tokens = int_list(flags, "tokens", {4, 8192});
  const double max_gb = flags.get_double("max-gb");
  const double max_gflop = flags.get_double("max-gflop");
  const int runs = std::max(5, int(flags.get_int("runs")));
  const int blas_threads = openblas_get_num_threads();
  bench_memcpy(rep, runs, std::max(1, int(flags.get_int("memcpy-mb"))));
  if (!rep->json)
    std::printf("  %-7s %-16s %6s %4s %5s %3s %15s %15s\n", "path", "pass", "V", "C", "N", "thr",
                "median", "rate");
  Rng rng(1);
  for (int V : vocabs)
    for (int C : dims) {
      std::vector<float> W(size_t(V) * C), dW(size_t(V) * C, 0.0f);
      Initializer(InitKind::kDefault, 1).embedding(W.data(), V, C);
      for (int N : tokens) {
        if (V < 1 || C < 1 || N < 1) continue;
        std::vector<int32_t> ids(N);
        for (auto& id : ids) id = int32_t(rng.below(uint64_t(V)));
        std::vector<float> out(size_t(N) * C), dout(size_t(N) * C, 0.001f);
        // Lookup: forward reads and writes N*C floats; backward reads dout and
        // reads + writes the dW rows: 8NC and 12NC bytes.
        const double fwd_bytes = 8.0 * N * C, bwd_bytes = 12.0 * N * C;
        Timing f = measure([&] { embedding_forward(out.data(), ids.data(), W.data(), N, V, C); },
                           runs);
        rep->result("lookup", "forward", V, C, N, 1, f.seconds, "GB_per_s",
                    fwd_bytes / f.seconds / 1e9);
        Timing b = measure(
            [&] { embedding_backward(dW.data(), dout.data(), ids.data(), N, C); }, runs);
        rep->result("lookup", "backward", V, C, N, 1, b.seconds, "GB_per_s",
                    bwd_bytes / b.seconds / 1e9);
        Timing fb = measure(
            [&] {
              embedding_forward(out.data(), ids.data(), W.data(), N, V, C);
              embedding_backward(dW.data(), dout.data(), ids.data(), N, C);
            },
            runs);
        rep->result("lookup", "forward+backward", V, C, N, 1, fb.seconds, "GB_per_s",
                    (fwd_bytes + bwd_bytes) / fb.seconds / 1e9);
        // One-hot: X (N,V), each product 2*N*V*C flops.
        const double need = 4.0 * (double(N) * V + 2.0 * V * C + 2.0 * N * C);
        const double gflop = 2.0 * N * V * C / 1e9;
        char why[160];
        if (need > max_gb * 1e9) {
          std::snprintf(why, sizeof why, "needs %.3g GB > %g GB (--max-gb)", need / 1e9, max_gb);
          rep->skipped("onehot", V, C, N, why);
          continue;
        }
        if (gflop > max_gflop) {
          std::snprintf(why, sizeof why, "%.3g GFLOP per pass > %g (--max-gflop)", gflop,
                        max_gflop);
          rep->skipped("onehot", V, C, N, why);
          continue;
        }
        std::vector<float> X(size_t(N) * V), Y(size_t(N) * C);
        onehot_build(X.data(), ids.data(), N, V);
        Timing of = measure([&] { onehot_forward(Y.data(), X.data(), W.data(), N, V, C); }, runs);
        rep->result("onehot", "forward", V, C, N, blas_threads, of.seconds, "GFLOP_per_s",
                    gflop / of.seconds);
        Timing ob = measure(
            [&] { onehot_backward(dW.data(), X.data(), dout.data(), N, V, C); }, runs);
        rep->result("onehot", "backward", V, C, N, blas_threads, ob.seconds, "GFLOP_per_s",
                    gflop / ob.seconds);
        Timing ofb = measure(
            [&] {
              onehot_forward(Y.data(), X.data(), W.data(), N, V, C);
              onehot_backward(dW.data(), X.data(), dout.data(), N, V, C);
            },
            runs);
        rep->result("onehot", "forward+backward", V, C, N, blas_threads, ofb.seconds,
                    "GFLOP_per_s", 2 * gflop / ofb.seconds);
      }
    }
  return 0;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  Flags flags("embedlab bench", "timings: embedlab bench <embedding|all> [--json]");
  flags.positional_usage("<embedding|all>");
  flags.add_switch("json", "one JSON object per line");
  flags.add_list("vocabs", "vocabulary sizes V (default: 6 256 4096 50257)");
  flags.add_list("dims", "embedding dimensions C (default: 3 256 768)");
  flags.add_list("tokens", "tokens per batch N (default: 4 8192)");
  flags.add("runs", 5, "measured runs per case (median; at least 5)");
  flags.add("max-gb", 2.0, "skip one-hot cases whose X, W, Y, dW, dY need more memory");
  flags.add("max-gflop", 10.0, "skip one-hot cases with more work per pass (keeps it short)");
  flags.add("memcpy-mb", 256, "size of the memcpy bandwidth reference (MB)");
  flags.add("out", "", "also write a table (bench_embedding.tsv) to this folder");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (flags.positional().size() != 1)
    return flags.fail(Status::bad_input("expected one area: embedding or all"));
  const std::string area = flags.positional()[0];
  if (area != "embedding" && area != "all")
    return flags.fail(Status::bad_input("unknown area '" + area + "', expected embedding or all"));
  Reporter rep;
  rep.json = flags.get_bool("json");
  rep.tsv = "path\tpass\tV\tC\tN\tthreads\tseconds\tunit\trate\n";
  if (int rc = bench_embedding(flags, &rep); rc != 0) return rc;
  const std::string dir = flags.get_string("out");
  if (!dir.empty()) {
    if (Status s = make_dirs(dir); !s.ok()) return flags.fail(s);
    if (Status s = write_file_atomic(path_join(dir, "bench_embedding.tsv"), rep.tsv); !s.ok())
      return flags.fail(s);
  }
  return 0;
}

}  // namespace embedlab
