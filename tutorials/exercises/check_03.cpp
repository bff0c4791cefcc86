// Checks for exercise 03 (embedding forward) against embedlab::embedding_forward
// (src/nn/embedding.h). A lookup copies floats, so the comparison is exact.
#include <cmath>
#include <string>
#include <vector>

#include "checks.h"
#include "nn/embedding.h"
#include "util/rng.h"

namespace grader {

static std::string forward_case(EmbeddingForwardFn* f, const std::vector<int32_t>& ids,
                                const std::vector<float>& W, int V, int C) {
  const int N = int(ids.size());
  std::vector<float> want(size_t(N) * C + 1, NAN), got(want.size(), NAN);
  embedlab::embedding_forward(want.data(), ids.data(), W.data(), N, V, C);
  want.back() = got.back() = 12345.0f;  // one entry past the end: must stay untouched
  f(got.data(), ids.data(), W.data(), N, V, C);
  if (got.back() != 12345.0f) return "wrote past the end of out (N*C entries)";
  return compare_floats("out", got.data(), want.data(), size_t(N) * C, size_t(C), 0, 0);
}

std::vector<Check> check_03(EmbeddingForwardFn* f) {
  Checks checks;
  embedlab::Rng rng(303);
  checks.run("worked example 3x2", [&] {
    return forward_case(f, {2, 0, 2}, {1, 2, 3, 4, 5, 6}, 3, 2);
  });
  checks.run("random 64x8 (V=50)", [&] {
    return forward_case(f, random_ids(&rng, 64, 50), random_normals(&rng, 50 * 8), 50, 8);
  });
  checks.run("repeated ids", [&] {
    return forward_case(f, {3, 3, 3, 1, 3}, random_normals(&rng, 4 * 5), 4, 5);
  });
  checks.run("last row", [&] {
    return forward_case(f, {9, 0, 9}, random_normals(&rng, 10 * 3), 10, 3);
  });
  checks.run("V=1", [&] { return forward_case(f, {0, 0, 0}, random_normals(&rng, 1 * 4), 1, 4); });
  checks.run("C=1", [&] {
    return forward_case(f, random_ids(&rng, 7, 5), random_normals(&rng, 5 * 1), 5, 1);
  });
  checks.run("single token", [&] { return forward_case(f, {2}, random_normals(&rng, 3 * 6), 3, 6); });
  checks.run("empty input", [&] { return forward_case(f, {}, random_normals(&rng, 3 * 6), 3, 6); });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("03", grader::kTitle03, exercise::checks_03); }
#endif
