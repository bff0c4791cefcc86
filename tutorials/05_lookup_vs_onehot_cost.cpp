// tutorials/05_lookup_vs_onehot_cost.cpp: why nobody multiplies by a one-hot matrix.
// You will see: how big an embedding table and a one-hot batch get, from a 6-word toy
// vocabulary up to GPT-2 (50,257 x 768), and measured times of a lookup against the
// one-hot sgemm that gives the same rows, with the ratio growing with V.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <cblas.h>

#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"

using namespace embedlab;

// Shapes: N tokens in a batch, V vocabulary size, C embedding dimension.

int main(int argc, char** argv) {
  Flags flags("05_lookup_vs_onehot_cost", "lookup against one-hot matmul: memory and time");
  flags.add("tokens", 256, "tokens per timed batch (N)");
  flags.add("dim", 768, "embedding dimension for the timings (C)");
  flags.add_list("vocabs", "vocabulary sizes to time (default: 6 256 4096 50257)");
  flags.add("max-gb", 2.0, "skip a one-hot case whose X, W and Y need more than this");
  flags.add("seed", 123, "seed of the table and the ids");
  flags.add("out", "out", "folder for the timing table (05_lookup_vs_onehot.tsv)");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const int N = int(flags.get_int("tokens")), C = int(flags.get_int("dim"));
  const double max_gb = flags.get_double("max-gb");
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  std::vector<int> vocabs = {6, 256, 4096, 50257};
  if (flags.was_set("vocabs")) {
    vocabs.clear();
    for (const std::string& w : flags.get_list("vocabs")) vocabs.push_back(std::stoi(w));
  }
  if (N < 1 || C < 1) return flags.fail(Status::bad_input("--tokens and --dim must be at least 1"));
  for (int V : vocabs)
    if (V < 1) return flags.fail(Status::bad_input("--vocabs must be at least 1"));

  print_wrapped("05 lookup vs one-hot cost: the same rows two ways. You will see: the memory a "
                "table and a one-hot batch take up to GPT-2's size, and measured times showing the "
                "one-hot product falling behind as V grows.");
  std::printf("config: tokens N=%d, dim C=%d, vocabs", N, C);
  for (int V : vocabs) std::printf(" %d", V);
  std::printf(",\n        one-hot limit %.1f GB, seed %llu, OpenBLAS threads %d\n\n", max_gb,
              (unsigned long long)seed, openblas_get_num_threads());

  // [1] The table has V*C weights. Per token, a lookup copies C floats; the one-hot
  // product does V*C multiply-adds (a row of X, length V, times all of W).
  struct Size { int V, C; const char* what; };
  const Size sizes[] = {{6, 3, "the 6-word toy of tutorial 04"},
                        {512, 64, "a small BPE vocabulary"},
                        {4096, 256, "a mid-size model"},
                        {50257, 768, "GPT-2 small"}};
  std::printf("[1] table sizes (float32, 4 bytes a weight):\n");
  std::printf("  %7s %5s %10s %9s %13s %16s  %s\n", "V", "C", "weights", "bytes",
              "lookup/token", "one-hot/token", "");
  for (const Size& s : sizes) {
    const double w = double(s.V) * s.C;
    std::printf("  %7d %5d %10.0f %9s %6d copies %11.0f MACs  %s\n", s.V, s.C, w,
                bytes_text(4 * w).c_str(), s.C, w, s.what);
  }

  // [2] A training batch of 8 sequences of 1024 tokens as ids is 8192 int32s; one-hot
  // it is an (8192, V) float matrix.
  const double ids_bytes = 8.0 * 1024 * 4, x_bytes = 8.0 * 1024 * 50257 * 4;
  std::printf("\n[2] a batch of 8 x 1024 tokens at V = 50257: ids %s, one-hot X %s\n"
              "    (%.0f bytes), %.0f GFLOP for X W at C = 768\n",
              bytes_text(ids_bytes).c_str(), bytes_text(x_bytes).c_str(), x_bytes,
              2.0 * 8 * 1024 * 50257 * 768 / 1e9);

  // [3] Measured: build the batch, check one-hot == lookup bit for bit, then time both.
  std::printf("\n[3] measured with N = %d tokens, C = %d (median of up to 5 runs):\n", N, C);
  std::printf("  %7s %12s %12s %9s %12s %s\n", "V", "lookup", "one-hot", "ratio", "max|diff|",
              "one-hot GFLOP/s");
  std::string table = "V\tC\tN\tlookup_s\tonehot_s\n";
  Rng rng(seed);
  for (int V : vocabs) {
    std::vector<float> W(size_t(V) * C), out(size_t(N) * C);
    Initializer(InitKind::kDefault, seed).embedding(W.data(), V, C);
    std::vector<int32_t> ids(N);
    for (auto& id : ids) id = int32_t(rng.below(uint64_t(V)));
    // warm-up + the reference rows
    embedding_forward(out.data(), ids.data(), W.data(), N, V, C);
    const double t_lookup = median_seconds(
        [&] { embedding_forward(out.data(), ids.data(), W.data(), N, V, C); }, 5, 1, 0.5);
    const double need = 4.0 * (double(N) * V + double(V) * C + double(N) * C);
    char line[160];
    if (need > max_gb * 1e9) {
      std::printf("  %7d %9.3f ms %12s %9s %12s one-hot skipped: needs %s > %.1f GB\n", V,
                  t_lookup * 1e3, "-", "-", "-", bytes_text(need).c_str(), max_gb);
      std::snprintf(line, sizeof line, "%d\t%d\t%d\t%.6g\t\n", V, C, N, t_lookup);
      table += line;
      continue;
    }
    std::vector<float> X(size_t(N) * V), Y(size_t(N) * C);
    onehot_build(X.data(), ids.data(), N, V);
    onehot_forward(Y.data(), X.data(), W.data(), N, V, C);
    const float max_diff = max_abs_diff(Y, out);
    const double t_onehot = median_seconds(
        [&] { onehot_forward(Y.data(), X.data(), W.data(), N, V, C); }, 5, 1, 1.0);
    std::printf("  %7d %9.3f ms %9.3f ms %8.0fx %12g %8.1f\n", V, t_lookup * 1e3, t_onehot * 1e3,
                t_onehot / t_lookup, max_diff, 2.0 * N * V * C / t_onehot / 1e9);
    std::snprintf(line, sizeof line, "%d\t%d\t%d\t%.6g\t%.6g\n", V, C, N, t_lookup, t_onehot);
    table += line;
    if (max_diff != 0) {
      std::fprintf(stderr, "05_lookup_vs_onehot_cost: one-hot and lookup differ at V=%d\n", V);
      return 1;
    }
  }

  // [4] Why: the lookup's cost does not depend on V at all (it reads N rows); the
  // one-hot product's grows in proportion to V (every token multiplies the whole table),
  // so the ratio grows like V, softened only by sgemm running near peak FLOP/s while the
  // lookup is a memory copy.
  std::printf("\n");
  print_wrapped("[4] the lookup reads N rows whatever V is; the one-hot product touches all V rows "
                "for every token, so its time, and the ratio, grow with V.", "    ");

  std::string path;
  if (Status s = write_lesson_file(flags.get_string("out"), "05_lookup_vs_onehot.tsv", table,
                                   &path); !s.ok())
    return flags.fail(s);
  std::printf("[5] wrote the timings to %s\n", path.c_str());

  print_try_this(
      {{"--tokens 2048", "more tokens: both times grow, the ratio stays"},
       {"--vocabs 1000 2000 4000 8000", "doubling V doubles the one-hot time, not the lookup's"},
       {"--tokens 16384 --vocabs 50257", "one-hot would need 3.5 GB: see it skipped"}});
  return 0;
}
