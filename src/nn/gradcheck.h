// Finite-difference gradient check. For a loss f of parameters p, the central
// difference (f(p + h e_i) - f(p - h e_i)) / 2h approximates df/dp_i with an error
// of order h^2 f''' (truncation) plus about eps * |f| / h (rounding). Computing f in
// double (eps = 1.1e-16) with h = 1e-5 keeps both near 1e-10 for the smooth losses
// used here, far below float32's 6e-8 relative rounding, so what remains is the
// error of the float analytic gradient being checked.
// e.g. f(p) = p0^2 + 3 p1 at p = (1, 2): numeric gradient (2, 3).
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

namespace embedlab {

using LossFn = std::function<double(const std::vector<double>& params)>;

struct GradCheckResult {
  double max_rel_error = 0;  // max over i of relative_error(analytic_i, numeric_i)
  size_t worst = 0;          // the i where it happened
  double analytic = 0, numeric = 0;  // the two values at `worst`
  size_t checked = 0;
};

// |a - b| / max(|a|, |b|), and 0 when both are below `floor` (both are "zero").
double relative_error(double a, double b, double floor = 1e-12);

// The numeric gradient of f at params, every coordinate, by central differences.
std::vector<double> numeric_gradient(const LossFn& f, std::vector<double> params, double h = 1e-5);

// Compares analytic (n values, e.g. a float gradient) with the numeric gradient of f.
GradCheckResult gradcheck(const LossFn& f, const std::vector<double>& params,
                          const float* analytic, double h = 1e-5);

}  // namespace embedlab
