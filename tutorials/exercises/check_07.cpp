// Checks for exercise 07 (3CosAdd analogies).
// The reference is written here: src/ has no similarity module yet. When
// src/explore/similarity.h arrives, these checks should compare against it instead.
#include <cmath>
#include <string>
#include <vector>

#include "checks.h"
#include "util/rng.h"

namespace grader {

// 3CosAdd in double: score(d) = unit(d) . (unit(b) - unit(a) + unit(c)) over every d
// but a, b, c; a zero row has unit 0; ties go to the smallest d; -1 when no d is left.
static double score_3cosadd(const float* E, int C, int a, int b, int c, int d) {
  auto unit = [&](int r, int k) {
    double norm = 0;
    for (int j = 0; j < C; j++) norm += double(E[size_t(r) * C + j]) * E[size_t(r) * C + j];
    return norm > 0 ? E[size_t(r) * C + k] / std::sqrt(norm) : 0.0;
  };
  double s = 0;
  for (int k = 0; k < C; k++) s += unit(d, k) * (unit(b, k) - unit(a, k) + unit(c, k));
  return s;
}

static int reference_3cosadd(const float* E, int V, int C, int a, int b, int c) {
  int best = -1;
  double best_score = 0;
  for (int d = 0; d < V; d++) {
    if (d == a || d == b || d == c) continue;
    double s = score_3cosadd(E, C, a, b, c, d);
    if (best < 0 || s > best_score) {
      best = d;
      best_score = s;
    }
  }
  return best;
}

// `strict`: the answer must be the reference's row. Otherwise (random tables) a row
// whose score is within 1e-5 of the best also passes: another order of float
// operations may split a near-tie the other way.
static std::string analogy_case(Analogy3CosAddFn* f, const std::vector<float>& E, int V, int C,
                                int a, int b, int c, bool strict = true) {
  int want = reference_3cosadd(E.data(), V, C, a, b, c);
  int got = f(E.data(), V, C, a, b, c);
  if (got == want) return "";
  std::string q = "V=" + std::to_string(V) + " C=" + std::to_string(C) + ", " +
                  std::to_string(a) + ":" + std::to_string(b) + "::" + std::to_string(c) + ":? ";
  if (want < 0) return q + "returned " + std::to_string(got) + ", expected -1 (no candidate)";
  if (got < 0 || got >= V) return q + "returned " + std::to_string(got) + ", expected " +
                                  std::to_string(want);
  if (got == a || got == b || got == c)
    return q + "returned " + std::to_string(got) + ", one of the question's rows (expected " +
           std::to_string(want) + ")";
  double gs = score_3cosadd(E.data(), C, a, b, c, got);
  double ws = score_3cosadd(E.data(), C, a, b, c, want);
  if (!strict && gs >= ws - 1e-5) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "returned %d (score %.6f), expected %d (score %.6f)", got, gs,
                want, ws);
  return q + buf;
}

std::vector<Check> check_07(Analogy3CosAddFn* f) {
  Checks checks;
  embedlab::Rng rng(707);
  const std::vector<float> example = {1, 0, 0, 1, 1, 1, -1, 0, 2, 1};
  checks.run("worked example", [&] { return analogy_case(f, example, 5, 2, 0, 2, 1); });
  checks.run("random V=60 C=16, 30 questions", [&] {
    const std::vector<float> E = random_normals(&rng, 60 * 16);
    for (int q = 0; q < 30; q++) {
      int a = int(rng.below(60)), b = int(rng.below(60)), c = int(rng.below(60));
      std::string d = analogy_case(f, E, 60, 16, a, b, c, false);
      if (!d.empty()) return d;
    }
    return std::string();
  });
  checks.run("a, b and c are excluded", [&] {
    // c = row 2 is the closest row to b - a + c; row 3 is the best of the others.
    return analogy_case(f, {1, 0, 0, 1, 0, 2, 0.2f, 1, -1, -1}, 5, 2, 0, 1, 2);
  });
  checks.run("cosine, not dot product", [&] {
    // Row 4 is long but points the wrong way; a dot product would pick it.
    return analogy_case(f, {1, 0, 0, 1, 1, 1, 0.1f, 1, 100, 20}, 5, 2, 0, 2, 1);
  });
  checks.run("ties: the smallest row wins", [&] {
    // Rows 3 and 5 are equal (and best): answer 3. Row 4 is worse.
    return analogy_case(f, {1, 0, 0, 1, 1, 1, 0, 2, -1, 0, 0, 2}, 6, 2, 0, 2, 1);
  });
  checks.run("a zero row has cosine 0", [&] {
    // Every other candidate scores below 0, so the zero row 3 wins.
    return analogy_case(f, {1, 0, 0, 1, 1, 1, 0, 0, 1, -1, 0.1f, -1}, 6, 2, 0, 2, 1);
  });
  checks.run("a = b = c", [&] { return analogy_case(f, example, 5, 2, 1, 1, 1); });
  checks.run("no candidate left (V=3)", [&] {
    return analogy_case(f, {1, 0, 0, 1, 1, 1}, 3, 2, 0, 1, 2);
  });
  checks.run("V=1", [&] { return analogy_case(f, {0.5f, 2}, 1, 2, 0, 0, 0); });
  checks.run("C=1", [&] { return analogy_case(f, {1, -2, 3, 0.5f, -1}, 5, 1, 0, 1, 2); });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("07", grader::kTitle07, exercise::checks_07); }
#endif
