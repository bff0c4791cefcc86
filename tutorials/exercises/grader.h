// The grader's shared parts: named checks, comparisons that name the first wrong
// value, random inputs, and the grader's main.
// A check runs the student's function on one input and compares its output with the
// reference in src/ (or, where src/ has none, a reference written in the check file).
// It passes or fails with one line, e.g.
//   FAIL random 64x8: out[3][5] = 0.125, expected -0.5
// An exception from the student's code (the stubs throw "not implemented yet") fails
// that check and the others still run.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "util/rng.h"

namespace grader {

struct Check {
  std::string name;     // e.g. "random 64x8", "repeated ids"
  bool pass = false;
  std::string message;  // what was wrong; empty when it passed
};

class Checks {
 public:
  // Runs body, which returns "" when the check passes or what was wrong.
  void run(const std::string& name, const std::function<std::string()>& body);
  const std::vector<Check>& results() const { return results_; }

 private:
  std::vector<Check> results_;
};

// "" when every got[i] is within atol + rtol * |want[i]| of want[i] (and both are NaN
// or neither); otherwise the first wrong entry, named `what[r][c]` for a matrix with
// `cols` columns (cols 0: a vector, `what[i]`).
std::string compare_floats(const char* what, const float* got, const float* want, size_t n,
                           size_t cols, double atol, double rtol);
// "" when the lists are equal; otherwise the first difference, or the lengths.
std::string compare_ids(const char* what, const std::vector<int32_t>& got,
                        const std::vector<int32_t>& want);
// "[256, 97, 98]", at most 16 entries then "...".
std::string format_ids(const std::vector<int32_t>& ids);

// Random inputs for the checks. Each draws from rng in order, one value at a time, so a
// check's numbers depend only on its seed and what it drew before.
// n floats center + scale * N(0, 1).
std::vector<float> random_normals(embedlab::Rng* rng, size_t n, float center = 0,
                                  float scale = 1);
// N ids, each uniform in [0, V).
std::vector<int32_t> random_ids(embedlab::Rng* rng, int N, int V);

// The grader's main: prints "exercise NN  title", runs the checks, each of which prints
// its line as it finishes (a crash, e.g. an index out of range, prints which check
// crashed), then prints the last line. Returns the exit code: 0 when every check passed,
// 1 otherwise. (The test suite calls the checks directly: they print nothing.)
int grade(const char* number, const char* title,
          const std::function<std::vector<Check>()>& checks);

}  // namespace grader
