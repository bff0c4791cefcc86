#include "nn/gradcheck.h"

#include <algorithm>
#include <cmath>

namespace embedlab {

double relative_error(double a, double b, double floor) {
  double scale = std::max(std::fabs(a), std::fabs(b));
  if (scale < floor) return 0.0;
  return std::fabs(a - b) / scale;
}

std::vector<double> numeric_gradient(const LossFn& f, std::vector<double> params, double h) {
  std::vector<double> grad(params.size());
  for (size_t i = 0; i < params.size(); i++) {
    const double saved = params[i];
    params[i] = saved + h;
    const double f_plus = f(params);
    params[i] = saved - h;
    const double f_minus = f(params);
    params[i] = saved;
    grad[i] = (f_plus - f_minus) / (2 * h);
  }
  return grad;
}

GradCheckResult gradcheck(const LossFn& f, const std::vector<double>& params,
                          const float* analytic, double h) {
  std::vector<double> numeric = numeric_gradient(f, params, h);
  GradCheckResult r;
  r.checked = params.size();
  for (size_t i = 0; i < params.size(); i++) {
    double e = relative_error(analytic[i], numeric[i]);
    if (e > r.max_rel_error || i == 0) {
      r.max_rel_error = e;
      r.worst = i;
      r.analytic = analytic[i];
      r.numeric = numeric[i];
    }
  }
  return r;
}

}  // namespace embedlab
