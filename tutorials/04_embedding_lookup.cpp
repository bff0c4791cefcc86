// tutorials/04_embedding_lookup.cpp: an embedding layer is a lookup table.
// You will see: the (V, C) weight matrix PyTorch's nn.Embedding(6, 3) starts from after
// torch.manual_seed(123), the rows that token ids [2, 3, 5, 1] pick out of it, and the
// one-hot matrix product that gives exactly the same rows with far more work.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "nn/tensor.h"
#include "util/file.h"
#include "util/flags.h"

using namespace embedlab;

// Shapes: N input tokens, V vocabulary size (rows of W), C embedding dimension.

// Rows of a matrix printed in full; a larger table shows its first rows, and the file
// of step [8] holds every row.
constexpr int kPrintedRows = 20;

// The first min(rows, kPrintedRows) rows of a (rows, cols) matrix, PyTorch style, with
// "..." standing for the rows left out.
static std::string first_rows(const float* M, int rows, int cols, int decimals = 4) {
  const int shown = std::min(rows, kPrintedRows);
  std::string s = format_matrix(M, shown, cols, decimals);
  if (shown < rows) s.replace(s.size() - 1, 1, ",\n ...]");
  return s;
}

int main(int argc, char** argv) {
  Flags flags("04_embedding_lookup", "an embedding layer is a lookup table");
  flags.add("vocab", 6, "rows in the table (V); the first 6 ids are the words of the sentence");
  flags.add("dim", 3, "embedding dimension (C)");
  flags.add("seed", 123, "seed of the initialisation");
  flags.add("init", "torch", "torch (bit-identical to PyTorch 1.13) or default (embedlab::Rng)");
  flags.add_list("ids", "input token ids (default: 2 3 5 1)");
  flags.add("out", "out", "folder for the weight matrix file");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const int V = int(flags.get_int("vocab")), C = int(flags.get_int("dim"));
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  InitKind kind;
  if (Status s = parse_init_kind(flags.get_string("init"), &kind); !s.ok()) return flags.fail(s);
  if (V < 1 || C < 1) return flags.fail(Status::bad_input("--vocab and --dim must be at least 1"));
  std::vector<int32_t> ids = {2, 3, 5, 1};
  if (flags.was_set("ids")) {
    ids.clear();
    for (const std::string& w : flags.get_list("ids")) ids.push_back(int32_t(std::stol(w)));
  }
  const int N = int(ids.size());

  print_wrapped("04 embedding lookup: token ids index the rows of a (V, C) weight matrix. You "
                "will see: the table, the rows the ids pick, and the one-hot product that gives "
                "the same rows.");
  std::printf("config: V=%d C=%d seed=%llu init=%s ids=[", V, C, (unsigned long long)seed,
              init_kind_name(kind));
  for (int n = 0; n < N; n++) std::printf("%s%d", n ? ", " : "", ids[n]);
  std::printf("]\n\n");

  // [1] The vocabulary: each word gets an id, its row number in the table.
  const char* words[6] = {"quick", "fox", "is", "in", "the", "house"};
  auto word = [&](int id) {
    return id >= 0 && id < 6 ? std::string(words[id]) : "tok" + std::to_string(id);
  };
  std::printf("[1] vocabulary \"quick fox is in the house\": ");
  for (int v = 0; v < V && v < 6; v++) std::printf("%s%d=%s", v ? ", " : "", v, word(v).c_str());
  if (V > 6)
    std::printf("\n    ids 6 to %d stand for no word here: they print as tok6 ... tok%d", V - 1,
                V - 1);
  std::printf("\n");

  // [2] The table W (V, C): one row of C numbers per token, random at the start.
  Tensor W(V, C);
  Initializer init(kind, seed);
  init.embedding(W.data(), V, C);
  if (kind == InitKind::kTorch)
    std::printf("\n[2] W (%d x %d) = what torch.manual_seed(%llu); torch.nn.Embedding(%d, %d) "
                "holds, bit for bit:\n", V, C, (unsigned long long)seed, V, C);
  else
    std::printf("\n[2] W (%d x %d), standard normal from embedlab::Rng(%llu):\n", V, C,
                (unsigned long long)seed);
  std::printf("%s\n", first_rows(W.data(), V, C).c_str());
  if (V > kPrintedRows)
    std::printf("    (the first %d of %d rows; step [8] writes all of them to a file)\n",
                kPrintedRows, V);

  // [3] The lookup: out[n] = W[ids[n]], N copies of C floats. Ids are checked first.
  Tensor lookup;
  if (Status s = embedding_lookup(&lookup, ids, W); !s.ok()) return flags.fail(s);
  std::printf("\n[3] lookup: out[n] = W[ids[n]], shape (%d, %d):\n", N, C);
  for (int n = 0; n < N; n++)
    std::printf("  id %d (%s) -> %s\n", ids[n], word(ids[n]).c_str(),
                format_row(lookup.row(n), C).c_str());

  // [4] The same with a one-hot matrix: X (N, V) has a 1 in column ids[n] of row n.
  Tensor X, Y;
  if (Status s = onehot_matrix(&X, ids, V); !s.ok()) return flags.fail(s);
  std::printf("\n[4] one-hot X, shape (%d, %d)%s\n", N, V,
              V <= kPrintedRows ? ":" : " (too wide to print)");
  if (V <= kPrintedRows) std::printf("%s\n", first_rows(X.data(), N, V, 0).c_str());

  // [5] Y = X W multiplies every row of X with all of W: N*V*C multiply-adds, mostly by 0.
  if (Status s = onehot_matmul(&Y, X, W); !s.ok()) return flags.fail(s);
  std::printf("\n[5] Y = X W (cblas_sgemm, %lld multiply-adds instead of %d copies):\n%s\n",
              (long long)N * V * C, N * C, format_matrix(Y.data(), N, C).c_str());

  // [6] Same numbers, bit for bit: each entry of Y is one W value plus zeros.
  const float max_diff = max_abs_diff(Y.data(), lookup.data(), Y.size());
  std::printf("\n[6] one-hot vs lookup: max |X W - lookup| = %g (expect 0)\n", max_diff);

  // [7] So an embedding is nothing more than "row id of W".
  const int probe = V > 3 ? 3 : V - 1;
  std::vector<int32_t> one = {probe};
  Tensor vec;
  if (Status s = embedding_lookup(&vec, one, W); !s.ok()) return flags.fail(s);
  bool same = true;
  for (int c = 0; c < C; c++) same &= vec.at(0, c) == W.at(probe, c);
  print_beside("[7] the vector of id " + std::to_string(probe) + " (" + word(probe) + ") is row " +
                   std::to_string(probe) + " of W:",
               format_row(vec.data(), C) + " -> " + (same ? "equal" : "DIFFERENT"), "    ");

  // The table, for a look with other tools.
  const std::string about = "W " + std::to_string(V) + "x" + std::to_string(C) + ", seed " +
                            std::to_string(seed) + ", init " + init_kind_name(kind);
  std::string path;
  if (Status s = write_lesson_matrix(flags.get_string("out"), "04_embedding_weights.tsv", about,
                                     W.data(), V, C, &path); !s.ok())
    return flags.fail(s);
  std::printf("[8] wrote the table to %s\n", path.c_str());

  print_try_this(
      {{"--init default", "another generator: same lookup = one-hot equality, other numbers"},
       {"--ids 2 3 6", "id 6 is outside a 6-row table: see the error naming it"},
       {"--vocab 50 --dim 8",
        "the table grows to 50 rows ([2] prints the first " + std::to_string(kPrintedRows) +
            "), the one-hot X gets 50 columns, the lookup still copies 8 floats per token"}});
  return max_diff == 0 && same ? 0 : 1;
}
