// Checks for exercise 01 (one BPE merge step) against embedlab::merge_pair
// (src/tokenizer/merge.h).
#include <string>
#include <vector>

#include "checks.h"
#include "tokenizer/merge.h"
#include "util/rng.h"

namespace grader {

// The student's result for ids against the reference; "" when equal.
static std::string merge_case(MergePairFn* f, const std::vector<int32_t>& ids, int32_t a,
                              int32_t b, int32_t new_id) {
  std::vector<int32_t> want = ids;
  embedlab::merge_pair(&want, a, b, new_id);
  std::vector<int32_t> got = f(ids, a, b, new_id);
  std::string diff = compare_ids("result", got, want);
  if (diff.empty()) return "";
  return "ids " + format_ids(ids) + " with (" + std::to_string(a) + ", " + std::to_string(b) +
         ") -> " + std::to_string(new_id) + ": " + diff;
}

std::vector<Check> check_01(MergePairFn* f) {
  Checks checks;
  checks.run("worked example aaab", [&] { return merge_case(f, {97, 97, 97, 98}, 97, 97, 256); });
  checks.run("every occurrence", [&] { return merge_case(f, {97, 98, 120, 97, 98}, 97, 98, 300); });
  checks.run("run of four", [&] { return merge_case(f, {5, 5, 5, 5}, 5, 5, 256); });
  checks.run("run of five", [&] { return merge_case(f, {5, 5, 5, 5, 5}, 5, 5, 256); });
  checks.run("order matters", [&] { return merge_case(f, {98, 97, 98, 97}, 97, 98, 256); });
  checks.run("pair at the end", [&] { return merge_case(f, {1, 2, 3, 4}, 3, 4, 256); });
  checks.run("no occurrence", [&] { return merge_case(f, {1, 2, 3}, 7, 8, 256); });
  checks.run("empty input", [&] { return merge_case(f, {}, 97, 97, 256); });
  checks.run("single token", [&] { return merge_case(f, {97}, 97, 97, 256); });
  checks.run("random n=200, 3 symbols", [&] {
    embedlab::Rng rng(101);
    for (int round = 0; round < 20; round++) {
      std::vector<int32_t> ids = random_ids(&rng, 200, 3);
      int32_t a = int32_t(rng.below(3)), b = int32_t(rng.below(3));
      std::string diff = merge_case(f, ids, a, b, 256 + round);
      if (!diff.empty()) return diff;
    }
    return std::string();
  });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("01", grader::kTitle01, exercise::checks_01); }
#endif
