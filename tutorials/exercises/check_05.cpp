// Checks for exercise 05 (softmax cross-entropy backward) against
// embedlab::softmax_xent_forward then softmax_xent_backward (src/nn/softmax_xent.h).
// Tolerance 1e-7 absolute + 1e-5 relative: the reference's exp is within about 2 float
// ulps of the true value and std::exp within 1, and the row sums may be added in
// another order; a mistake (no max subtraction, a missing /N) is far larger.
#include <cmath>
#include <string>
#include <vector>

#include "checks.h"
#include "nn/softmax_xent.h"
#include "util/rng.h"

namespace grader {

static std::string xent_case(SoftmaxXentBackwardFn* f, const std::vector<float>& logits,
                             const std::vector<int32_t>& targets, int V) {
  const int N = int(targets.size());
  const size_t n = size_t(N) * V;
  std::vector<float> probs(n), want(n, 0.0f);
  embedlab::softmax_xent_forward(probs.data(), logits.data(), targets.data(), N, V);
  embedlab::softmax_xent_backward(want.data(), probs.data(), targets.data(), 1.0f, N, V);
  // dlogits is an output: start it at 7 so that adding into it shows.
  std::vector<float> got(n + 1, 7.0f);
  got.back() = 12345.0f;  // one entry past the end: must stay untouched
  f(got.data(), logits.data(), targets.data(), N, V);
  if (got.back() != 12345.0f) return std::string("wrote past the end of dlogits (N*V entries)");
  return compare_floats("dlogits", got.data(), want.data(), n, size_t(V), 1e-7, 1e-5);
}

std::vector<Check> check_05(SoftmaxXentBackwardFn* f) {
  Checks checks;
  embedlab::Rng rng(505);
  checks.run("worked example 2x2", [&] {
    return xent_case(f, {0.0f, 0.0f, std::log(3.0f), 0.0f}, {0, 1}, 2);
  });
  checks.run("random 32x50", [&] {
    return xent_case(f, random_normals(&rng, 32 * 50, 0, 3), random_ids(&rng, 32, 50), 50);
  });
  checks.run("large logits (around 1000)", [&] {
    return xent_case(f, random_normals(&rng, 4 * 10, 1000, 5), random_ids(&rng, 4, 10), 10);
  });
  checks.run("very negative logits (around -1000)", [&] {
    return xent_case(f, random_normals(&rng, 4 * 10, -1000, 5), random_ids(&rng, 4, 10), 10);
  });
  checks.run("ties: equal logits", [&] {
    return xent_case(f, std::vector<float>(3 * 8, 0.5f), {0, 7, 3}, 8);
  });
  checks.run("repeated targets", [&] {
    return xent_case(f, random_normals(&rng, 5 * 6, 0, 1), {2, 2, 2, 2, 2}, 6);
  });
  checks.run("V=1", [&] { return xent_case(f, {0.3f, -2.0f, 5.0f}, {0, 0, 0}, 1); });
  checks.run("single token", [&] {
    return xent_case(f, random_normals(&rng, 7, 0, 2), {4}, 7);
  });
  checks.run("empty input", [&] { return xent_case(f, {}, {}, 5); });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("05", grader::kTitle05, exercise::checks_05); }
#endif
