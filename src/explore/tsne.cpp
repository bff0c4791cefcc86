#include "explore/tsne.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/parallel.h"
#include "util/rng.h"

namespace embedlab {

namespace {

constexpr double kExaggeration = 12;
constexpr int kExaggerationSteps = 250;

// p_j|i (N) for one point, given its squared distances d (N, d[i] ignored): the
// beta whose row has entropy log(perplexity), by bisection (50 halvings are plenty).
void conditional_row(double* p, const double* d, int i, int N, double perplexity) {
  const double target = std::log(perplexity);
  double dmin = INFINITY;
  for (int j = 0; j < N; j++)
    if (j != i) dmin = std::min(dmin, d[j]);
  double beta = 1, lo = 0, hi = INFINITY;
  for (int step = 0; step < 50; step++) {
    double sum = 0, dot = 0;
    for (int j = 0; j < N; j++) {
      p[j] = j == i ? 0 : std::exp(-beta * (d[j] - dmin));  // shifted: no underflow to 0/0
      sum += p[j];
      dot += p[j] * (d[j] - dmin);
    }
    const double H = std::log(sum) + beta * dot / sum;
    for (int j = 0; j < N; j++) p[j] /= sum;
    if (std::fabs(H - target) < 1e-10) break;
    if (H > target) {  // too flat: narrow the kernel
      lo = beta;
      beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
}

// P (N,N) = the symmetric input affinities p_ij of the rows of X (N,C).
std::vector<double> input_affinities(const float* X, int N, int C, double perplexity) {
  std::vector<double> P(size_t(N) * N);
  parallel_for(N, 16, [&](int64_t b, int64_t e) {
    std::vector<double> d(static_cast<size_t>(N));
    for (int64_t i = b; i < e; i++) {
      const float* xi = X + size_t(i) * C;
      for (int j = 0; j < N; j++) {
        const float* xj = X + size_t(j) * C;
        double s = 0;
        for (int c = 0; c < C; c++) s += (double(xi[c]) - xj[c]) * (double(xi[c]) - xj[c]);
        d[size_t(j)] = s;
      }
      conditional_row(&P[size_t(i) * N], d.data(), int(i), N, perplexity);
    }
  });
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++) {
      const double s = (P[size_t(i) * N + j] + P[size_t(j) * N + i]) / (2.0 * N);
      P[size_t(i) * N + j] = P[size_t(j) * N + i] = std::max(s, 1e-300);
    }
  return P;
}

// grad (N,2) = dC/dY for the map Y (N,2); W (N,N) is scratch for the w_ij.
void gradient(std::vector<double>* grad, std::vector<double>* W, const std::vector<double>& P,
              const std::vector<double>& Y, int N, double exaggeration) {
  std::vector<double> row_sum(static_cast<size_t>(N));
  parallel_for(N, 16, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      double s = 0;
      for (int j = 0; j < N; j++) {
        const double dx = Y[2 * i] - Y[2 * size_t(j)], dy = Y[2 * i + 1] - Y[2 * size_t(j) + 1];
        const double w = j == i ? 0 : 1 / (1 + dx * dx + dy * dy);
        (*W)[size_t(i) * N + j] = w;
        s += w;
      }
      row_sum[size_t(i)] = s;
    }
  });
  double Z = 0;
  for (double s : row_sum) Z += s;  // in index order: the same bits for any thread count
  parallel_for(N, 16, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      double gx = 0, gy = 0;
      for (int j = 0; j < N; j++) {
        const double w = (*W)[size_t(i) * N + j];
        const double m = (exaggeration * P[size_t(i) * N + j] - w / Z) * w;
        gx += m * (Y[2 * i] - Y[2 * size_t(j)]);
        gy += m * (Y[2 * i + 1] - Y[2 * size_t(j) + 1]);
      }
      (*grad)[2 * i] = 4 * gx;
      (*grad)[2 * i + 1] = 4 * gy;
    }
  });
}

}  // namespace

double tsne_perplexity_for(int N, double asked) { return std::min(asked, (N - 1) / 3.0); }

Status tsne_2d(std::vector<float>* xy, const float* X, int N, int C, const TsneOptions& opt) {
  if (N < 4) return Status::bad_input("t-SNE needs at least 4 points, got " + std::to_string(N));
  if (C < 1) return Status::bad_input("t-SNE needs at least 1 dimension");
  if (!(opt.perplexity >= 1 && opt.perplexity <= (N - 1) / 3.0))
    return Status::bad_input("t-SNE perplexity " + std::to_string(opt.perplexity) +
                             ": expected 1 to (N - 1) / 3 = " + std::to_string((N - 1) / 3.0) +
                             " for " + std::to_string(N) + " points");
  for (size_t k = 0; k < size_t(N) * C; k++)
    if (!std::isfinite(X[k])) return Status::bad_input("t-SNE input has a non-finite value");
  const std::vector<double> P = input_affinities(X, N, C, opt.perplexity);
  std::vector<double> Y(2 * size_t(N)), grad(Y.size()), update(Y.size()), gains(Y.size(), 1.0);
  std::vector<double> W(size_t(N) * N);
  Rng rng(opt.seed);
  for (double& y : Y) y = 1e-4 * rng.normal();
  const double rate = std::max(N / kExaggeration, 50.0);
  for (int it = 0; it < opt.iterations; it++) {
    const bool early = it < kExaggerationSteps;
    gradient(&grad, &W, P, Y, N, early ? kExaggeration : 1);
    const double momentum = early ? 0.5 : 0.8;
    double mean[2] = {0, 0};
    for (size_t k = 0; k < Y.size(); k++) {
      const bool same_sign = (grad[k] > 0) == (update[k] > 0);
      gains[k] = std::max(same_sign ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
      update[k] = momentum * update[k] - rate * gains[k] * grad[k];
      Y[k] += update[k];
      mean[k % 2] += Y[k];
    }
    for (size_t k = 0; k < Y.size(); k++) Y[k] -= mean[k % 2] / N;
  }
  xy->assign(Y.begin(), Y.end());
  return Status();
}

}  // namespace embedlab
