// Checks for exercise 04 (embedding backward) against embedlab::embedding_backward
// (src/nn/embedding.h).
// Tolerance 1e-6 absolute + 1e-6 relative: a row that several tokens share is a sum,
// and a different order of additions may change its last bits.
#include <string>
#include <vector>

#include "checks.h"
#include "nn/embedding.h"
#include "util/rng.h"

namespace grader {

// dW starts at dW0 (zeros unless given) and must end at dW0 + the scatter-add.
static std::string backward_case(EmbeddingBackwardFn* f, const std::vector<int32_t>& ids,
                                 const std::vector<float>& dout, int V, int C,
                                 std::vector<float> dW0 = {}) {
  const int N = int(ids.size());
  if (dW0.empty()) dW0.assign(size_t(V) * C, 0.0f);
  std::vector<float> want = dW0, got = dW0;
  embedlab::embedding_backward(want.data(), dout.data(), ids.data(), N, C);
  got.push_back(12345.0f);  // one entry past the end: must stay untouched
  f(got.data(), dout.data(), ids.data(), N, V, C);
  if (got.back() != 12345.0f) return std::string("wrote past the end of dW (V*C entries)");
  return compare_floats("dW", got.data(), want.data(), size_t(V) * C, size_t(C), 1e-6, 1e-6);
}

std::vector<Check> check_04(EmbeddingBackwardFn* f) {
  Checks checks;
  embedlab::Rng rng(404);
  checks.run("worked example 3x2", [&] {
    return backward_case(f, {2, 0, 2}, {1, 1, 2, 2, 10, 20}, 3, 2);
  });
  checks.run("random 64x8 (V=20)", [&] {
    return backward_case(f, random_ids(&rng, 64, 20), random_normals(&rng, 64 * 8), 20, 8);
  });
  checks.run("repeated ids accumulate", [&] {
    return backward_case(f, {1, 1, 1, 1}, random_normals(&rng, 4 * 3), 3, 3);
  });
  checks.run("adds to dW, does not overwrite", [&] {
    return backward_case(f, {0, 2, 2}, random_normals(&rng, 3 * 4), 4, 4,
                         random_normals(&rng, 4 * 4));
  });
  checks.run("V=1", [&] { return backward_case(f, {0, 0, 0}, random_normals(&rng, 3 * 5), 1, 5); });
  checks.run("C=1", [&] {
    return backward_case(f, random_ids(&rng, 9, 4), random_normals(&rng, 9), 4, 1);
  });
  checks.run("single token", [&] { return backward_case(f, {3}, random_normals(&rng, 6), 5, 6); });
  checks.run("empty input", [&] {
    return backward_case(f, {}, {}, 3, 2, random_normals(&rng, 3 * 2));
  });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("04", grader::kTitle04, exercise::checks_04); }
#endif
