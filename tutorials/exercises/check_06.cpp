// Checks for exercise 06 (one AdamW step) against embedlab::Optimizer with AdamW
// (src/nn/optim.h): a one-parameter optimizer whose moments and step count are set
// through load_state, then one step.
// Tolerances: w 1e-6 absolute + 1e-5 relative, m and v 1e-9 absolute + 1e-5 relative:
// float rounding of the same formula in another order (or in double) stays far
// below them; forgetting the bias correction, the decay or eps's place does not.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "checks.h"
#include "nn/optim.h"
#include "util/rng.h"

namespace grader {

struct AdamCase {
  std::vector<float> w, g, m, v;
  int t = 1;
  float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.01f;
};

static std::string adamw_case(AdamWStepFn* f, const AdamCase& in) {
  const size_t n = in.w.size();
  if (n == 0) {  // nothing to update: the function must only return
    f(nullptr, nullptr, nullptr, nullptr, 0, in.t, in.lr, in.beta1, in.beta2, in.eps,
      in.weight_decay);
    return "";
  }
  // The reference: state = step count before this step (int64), then m, then v.
  std::vector<float> w = in.w, g = in.g;
  embedlab::Param p;
  p.name = "w";
  p.w = w.data();
  p.g = g.data();
  p.rows = 1;
  p.cols = n;
  embedlab::OptimConfig cfg;
  cfg.kind = embedlab::OptimizerKind::kAdamW;
  cfg.beta1 = in.beta1;  // the same float values the student gets
  cfg.beta2 = in.beta2;
  cfg.eps = in.eps;
  cfg.weight_decay = in.weight_decay;
  embedlab::Optimizer opt(cfg, {p});
  std::string state(sizeof(int64_t) + 2 * n * sizeof(float), '\0');
  int64_t before = in.t - 1;
  std::memcpy(&state[0], &before, sizeof before);
  std::memcpy(&state[sizeof before], in.m.data(), n * sizeof(float));
  std::memcpy(&state[sizeof before + n * sizeof(float)], in.v.data(), n * sizeof(float));
  embedlab::Status s = opt.load_state(state);
  if (!s.ok()) return "reference optimizer: " + s.message();
  opt.step(double(in.lr));
  std::string after = opt.save_state();
  std::vector<float> want_m(n), want_v(n);
  std::memcpy(want_m.data(), &after[sizeof before], n * sizeof(float));
  std::memcpy(want_v.data(), &after[sizeof before + n * sizeof(float)], n * sizeof(float));

  std::vector<float> gw = in.w, gm = in.m, gv = in.v;
  f(gw.data(), in.g.data(), gm.data(), gv.data(), n, in.t, in.lr, in.beta1, in.beta2, in.eps,
    in.weight_decay);
  std::string d = compare_floats("w", gw.data(), w.data(), n, 0, 1e-6, 1e-5);
  if (d.empty()) d = compare_floats("m", gm.data(), want_m.data(), n, 0, 1e-9, 1e-5);
  if (d.empty()) d = compare_floats("v", gv.data(), want_v.data(), n, 0, 1e-9, 1e-5);
  if (d.empty()) return "";
  return "t=" + std::to_string(in.t) + " lr=" + std::to_string(in.lr) +
         " wd=" + std::to_string(in.weight_decay) + ": " + d;
}

// n random parameters and gradients; m and v as after some steps when `carried`.
static AdamCase random_case(embedlab::Rng* rng, size_t n, int t, bool carried) {
  AdamCase c;
  c.t = t;
  for (size_t i = 0; i < n; i++) {
    c.w.push_back(float(rng->normal()));
    c.g.push_back(float(rng->normal()));
    c.m.push_back(carried ? 0.3f * float(rng->normal()) : 0.0f);
    float s = carried ? float(rng->normal()) : 0.0f;
    c.v.push_back(0.2f * s * s);
  }
  return c;
}

std::vector<Check> check_06(AdamWStepFn* f) {
  Checks checks;
  embedlab::Rng rng(606);
  checks.run("worked example", [&] {
    AdamCase c;
    c.w = {1.0f};
    c.g = {0.5f};
    c.m = c.v = {0.0f};
    c.lr = 0.1f;
    return adamw_case(f, c);
  });
  checks.run("random n=100, first step", [&] { return adamw_case(f, random_case(&rng, 100, 1, false)); });
  checks.run("random n=100, step 7 with m and v", [&] {
    return adamw_case(f, random_case(&rng, 100, 7, true));
  });
  checks.run("step 1000 (bias correction near 1)", [&] {
    return adamw_case(f, random_case(&rng, 50, 1000, true));
  });
  // Hyperparameters other than AdamCase's (lr 0.01, betas 0.9 and 0.999, wd 0.01), each
  // on 50 random parameters with m and v carried.
  struct Hyper {
    const char* name;
    int t;
    float lr, beta1, beta2, weight_decay;
  };
  const Hyper hypers[] = {{"strong decay (lr 0.05, wd 0.1)", 3, 0.05f, 0.9f, 0.999f, 0.1f},
                          {"no weight decay", 2, 0.01f, 0.9f, 0.999f, 0.0f},
                          {"other betas (0.8, 0.95)", 4, 0.01f, 0.8f, 0.95f, 0.01f}};
  for (const Hyper& h : hypers)
    checks.run(h.name, [&] {
      AdamCase c = random_case(&rng, 50, h.t, true);
      c.lr = h.lr;
      c.beta1 = h.beta1;
      c.beta2 = h.beta2;
      c.weight_decay = h.weight_decay;
      return adamw_case(f, c);
    });
  checks.run("zero gradient", [&] {
    AdamCase c = random_case(&rng, 20, 1, false);
    for (float& x : c.g) x = 0.0f;
    return adamw_case(f, c);
  });
  checks.run("tiny gradients: eps outside the sqrt", [&] {
    AdamCase c = random_case(&rng, 20, 1, false);
    for (float& x : c.g) x *= 1e-8f;
    return adamw_case(f, c);
  });
  checks.run("single parameter", [&] { return adamw_case(f, random_case(&rng, 1, 5, true)); });
  checks.run("empty input", [&] { return adamw_case(f, random_case(&rng, 0, 1, false)); });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("06", grader::kTitle06, exercise::checks_06); }
#endif
