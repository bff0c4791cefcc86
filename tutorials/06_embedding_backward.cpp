// tutorials/06_embedding_backward.cpp: how an embedding table learns.
// You will see: the gradient of the table computed by hand two ways (scatter-add of the
// incoming gradient into the rows that were read, and the one-hot product X^T dY), a
// repeated token collecting the sum of its gradients, and a finite-difference check.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/gradcheck.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "nn/tensor.h"
#include "util/file.h"
#include "util/flags.h"

using namespace embedlab;

// Shapes: N tokens, V vocabulary size, C embedding dimension; for positions B
// sequences of T tokens (N = B*T).

int main(int argc, char** argv) {
  Flags flags("06_embedding_backward", "the gradient of an embedding table");
  flags.add("seed", 123, "seed of the table");
  flags.add("init", "torch", "torch (bit-identical to PyTorch 1.13) or default");
  flags.add_list("ids", "input token ids, an even count (default: 2 3 5 3, id 3 twice)");
  flags.add("h", 1e-5, "finite-difference step");
  flags.add("out", "out", "folder for the gradient file");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const int V = 6, C = 3;
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  const double h = flags.get_double("h");
  InitKind kind;
  if (Status s = parse_init_kind(flags.get_string("init"), &kind); !s.ok()) return flags.fail(s);
  std::vector<int32_t> ids = {2, 3, 5, 3};
  if (flags.was_set("ids")) {
    ids.clear();
    for (const std::string& w : flags.get_list("ids")) ids.push_back(int32_t(std::stol(w)));
  }
  if (ids.size() % 2 != 0)
    return flags.fail(Status::bad_input("--ids needs an even count (2 sequences in step 8)"));
  if (Status s = check_ids(ids.data(), ids.size(), V); !s.ok()) return flags.fail(s);
  const int N = int(ids.size());

  print_wrapped("06 embedding backward: the gradient of a lookup table. You will see: the table's "
                "gradient by scatter-add and by the one-hot product X^T dY, a repeated token "
                "summing its gradients, and finite differences agreeing.");
  std::printf("config: V=%d C=%d seed=%llu init=%s ids=[", V, C, (unsigned long long)seed,
              init_kind_name(kind));
  for (int n = 0; n < N; n++) std::printf("%s%d", n ? ", " : "", ids[n]);
  std::printf("], h=%g\n\n", h);

  // [1] Forward, as in tutorial 04: out[n] = W[ids[n]].
  Tensor W(V, C), out;
  Initializer(kind, seed).embedding(W.data(), V, C);
  if (Status s = embedding_lookup(&out, ids, W); !s.ok()) return flags.fail(s);
  std::printf("[1] W (%d x %d):\n%s\n    out = W[ids] (%d x %d):\n%s\n", V, C,
              format_matrix(W.data(), V, C).c_str(), N, C, format_matrix(out.data(), N, C).c_str());

  // [2] A loss to differentiate: L = sum over n, c of out[n][c] * R[n][c], R fixed.
  // Then dL/dout = R: the gradient arriving from above is dY = R. Easy numbers:
  // R[n] = (n+1, n+1.1, n+1.2), so sums are visible by eye.
  Tensor R(N, C);
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) R.at(n, c) = float(n + 1) + 0.1f * float(c);
  double L = 0;
  for (size_t i = 0; i < out.size(); i++) L += double(out.data()[i]) * R.data()[i];
  std::printf("\n[2] L = sum(out * R) = %.6f; dL/dout = dY = R:\n%s\n", L,
              format_matrix(R.data(), N, C, 1).c_str());

  // [3] Backward by scatter-add: forward read row ids[n], so dY[n] goes back into
  // row ids[n] of dW. Rows nobody read get nothing.
  Tensor dW_lookup(V, C);
  if (Status s = embedding_lookup_backward(&dW_lookup, R, ids); !s.ok()) return flags.fail(s);
  std::printf("\n[3] scatter-add: dW[ids[n]] += dY[n]  (%d additions of %d floats)\n%s\n", N, C,
              format_matrix(dW_lookup.data(), V, C, 1).c_str());

  // [4] Backward by the one-hot twin: Y = X W, so dW = X^T dY (V x N times N x C).
  Tensor X, dW_onehot(V, C);
  if (Status s = onehot_matrix(&X, ids, V); !s.ok()) return flags.fail(s);
  if (Status s = onehot_matmul_backward(&dW_onehot, X, R); !s.ok()) return flags.fail(s);
  const float max_diff = max_abs_diff(dW_onehot.data(), dW_lookup.data(), dW_onehot.size());
  std::printf("\n[4] one-hot: dW = X^T dY via sgemm (%d multiply-adds)\n%s\n"
              "    one-hot vs scatter-add: max |diff| = %g (expect 0 here; with many repeats the\n"
              "    two may add in different orders and differ in the last bits)\n",
              V * N * C, format_matrix(dW_onehot.data(), V, C, 1).c_str(), max_diff);

  // [5] A token that appears twice collects both gradients.
  std::vector<int32_t> rows = touched_rows(ids.data(), N);
  for (int32_t v : rows) {
    std::vector<int> at;
    for (int n = 0; n < N; n++)
      if (ids[n] == v) at.push_back(n);
    if (at.size() < 2) continue;
    std::printf("\n[5] id %d appears at positions", v);
    for (int n : at) std::printf(" %d", n);
    // The sum on one line when it fits, else one term a line.
    const std::string lead = "    dW[" + std::to_string(v) + "] = ";
    std::string sum = lead;
    for (size_t k = 0; k < at.size(); k++) sum += (k ? " + " : "") + format_row(R.row(at[k]), C);
    sum += " = " + format_row(dW_lookup.row(v), C);
    if (display_columns(sum) > size_t(kLessonColumns)) {
      const std::string under(lead.size() - 2, ' ');
      sum = lead;
      for (size_t k = 0; k < at.size(); k++)
        sum += (k ? "\n" + under + "+ " : "") + format_row(R.row(at[k]), C);
      sum += "\n" + under + "= " + format_row(dW_lookup.row(v), C);
    }
    std::printf(":\n%s\n", sum.c_str());
  }

  // [6] Only the rows that were read have a gradient: an optimizer can update just those.
  std::printf("\n[6] rows touched (sorted, distinct): [");
  for (size_t k = 0; k < rows.size(); k++) std::printf("%s%d", k ? ", " : "", rows[k]);
  std::printf("] -- %zu of %d rows; the others have a zero gradient\n", rows.size(), V);

  // [7] Finite differences: nudge each weight by +-h in double precision and watch L.
  // L is linear in W, so the central difference is exact up to double rounding (~1e-10);
  // the float gradient's own rounding (~1e-7 relative) is what remains.
  auto loss_linear = [&](const std::vector<double>& p) {
    double sum = 0;
    for (int n = 0; n < N; n++)
      for (int c = 0; c < C; c++) sum += p[size_t(ids[n]) * C + c] * R.at(n, c);
    return sum;
  };
  std::vector<double> p(W.data(), W.data() + W.size());
  GradCheckResult r1 = gradcheck(loss_linear, p, dW_lookup.data(), h);
  std::printf("\n[7] finite differences on W (%zu weights): max relative error %.2e "
              "(tolerance 1e-6:\n    float rounding of the sums) -> %s\n",
              r1.checked, r1.max_rel_error, r1.max_rel_error < 1e-6 ? "ok" : "FAILED");

  // [8] With positions and a curve: the ids as B = 2 sequences of T = N/2 tokens,
  // x[b,t] = W[ids[b,t]] + P[t], L = sum R * tanh(x). Backward: dx = R * (1 - tanh^2 x),
  // dW by scatter-add, dP = sum over the batch of dx.
  const int B = 2, T = N / 2;
  Tensor P(T, C);
  Initializer(kind, seed + 1).embedding(P.data(), T, C);
  std::vector<float> x(size_t(N) * C), dx(size_t(N) * C);
  embedding_forward(x.data(), ids.data(), W.data(), N, V, C);
  position_forward(x.data(), x.data(), P.data(), B, T, C);
  for (size_t i = 0; i < x.size(); i++) {
    const float th = std::tanh(x[i]);
    dx[i] = R.data()[i] * (1 - th * th);
  }
  std::vector<float> grad(size_t(V + T) * C, 0.0f);  // dW then dP
  embedding_backward(grad.data(), dx.data(), ids.data(), N, C);
  position_backward(grad.data() + size_t(V) * C, dx.data(), B, T, C);
  auto loss_tanh = [&](const std::vector<double>& q) {
    const double* Wq = q.data();
    const double* Pq = q.data() + size_t(V) * C;
    double sum = 0;
    for (int n = 0; n < N; n++)
      for (int c = 0; c < C; c++)
        sum += R.at(n, c) * std::tanh(Wq[size_t(ids[n]) * C + c] + Pq[size_t(n % T) * C + c]);
    return sum;
  };
  std::vector<double> q(W.data(), W.data() + W.size());
  q.insert(q.end(), P.data(), P.data() + P.size());
  GradCheckResult r2 = gradcheck(loss_tanh, q, grad.data(), h);
  std::printf("[8] finite differences on W and P with L = sum R * tanh(W[ids] + P):\n"
              "    max relative error %.2e at parameter %zu (analytic %.6f, numeric %.6f)\n"
              "    tolerance 1e-4: tanh and 1 - tanh^2 in float lose a few ulps, the difference\n"
              "    quotient in double is good to ~1e-10 -> %s\n",
              r2.max_rel_error, r2.worst, r2.analytic, r2.numeric,
              r2.max_rel_error < 1e-4 ? "ok" : "FAILED");

  const std::string about = "dW of L = sum(W[ids] * R), " + std::to_string(V) + "x" +
                            std::to_string(C);
  std::string path;
  if (Status s = write_lesson_matrix(flags.get_string("out"), "06_embedding_grad.tsv", about,
                                     dW_lookup.data(), V, C, &path); !s.ok())
    return flags.fail(s);
  std::printf("[9] wrote dW to %s\n", path.c_str());

  print_try_this(
      {{"--ids 3 3 3 3", "one row gets four gradients: 1+2+3+4 = 10 in its first column"},
       {"--ids 0 1 2 4", "no repeats: every used row is a copy of one row of dY"},
       {"--h 1e-2", "a coarse step: [7] stays exact (L is linear), [8] degrades (the h^2 error of "
                    "the central difference on a curve)"}});
  return max_diff == 0 && r1.max_rel_error < 1e-6 && r2.max_rel_error < 1e-4 ? 0 : 1;
}
