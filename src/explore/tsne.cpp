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

// P (N,N) = the symmetric input affinities p_ij of the rows of X (N,C), kept in float
// (each step reads all N^2 of them).
std::vector<float> input_affinities(const float* X, int N, int C, double perplexity) {
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
      P[size_t(i) * N + j] = P[size_t(j) * N + i] = std::max(s, 1e-30);
    }
  return std::vector<float>(P.begin(), P.end());
}

// w (N) = w_ij = 1 / (1 + |y_i - y_j|^2) for every j, w_ii = 0; returns their sum.
// (A loop without a sum, so the compiler can vectorize it; the sum is in index order.)
double kernel_row(double* w, const std::vector<double>& Y, int64_t i, int N) {
  const double xi = Y[2 * size_t(i)], yi = Y[2 * size_t(i) + 1];
  for (int j = 0; j < N; j++) {
    const double dx = xi - Y[2 * size_t(j)], dy = yi - Y[2 * size_t(j) + 1];
    w[j] = 1 / (1 + dx * dx + dy * dy);
  }
  w[i] = 0;
  double s = 0;
  for (int j = 0; j < N; j++) s += w[j];
  return s;
}

// grad (N,2) = dC/dY for the map Y (N,2). Each row's w_ij are computed twice (for Z,
// then for the gradient) rather than stored: reading an N x N table each step costs more.
void gradient(std::vector<double>* grad, const std::vector<float>& P, const std::vector<double>& Y,
              int N, double exaggeration) {
  std::vector<double> row_sum(static_cast<size_t>(N));
  parallel_for(N, 16, [&](int64_t b, int64_t e) {
    std::vector<double> w(static_cast<size_t>(N));
    for (int64_t i = b; i < e; i++) row_sum[size_t(i)] = kernel_row(w.data(), Y, i, N);
  });
  double Z = 0;
  for (double s : row_sum) Z += s;  // in index order: the same bits for any thread count
  parallel_for(N, 16, [&](int64_t b, int64_t e) {
    std::vector<double> w(static_cast<size_t>(N));
    for (int64_t i = b; i < e; i++) {
      kernel_row(w.data(), Y, i, N);
      const float* p = &P[size_t(i) * N];
      for (int j = 0; j < N; j++) w[size_t(j)] = (exaggeration * p[j] - w[size_t(j)] / Z) * w[size_t(j)];
      double gx = 0, gy = 0;
      for (int j = 0; j < N; j++) {
        gx += w[size_t(j)] * (Y[2 * size_t(i)] - Y[2 * size_t(j)]);
        gy += w[size_t(j)] * (Y[2 * size_t(i) + 1] - Y[2 * size_t(j) + 1]);
      }
      (*grad)[2 * size_t(i)] = 4 * gx;
      (*grad)[2 * size_t(i) + 1] = 4 * gy;
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
  const std::vector<float> P = input_affinities(X, N, C, opt.perplexity);
  std::vector<double> Y(2 * size_t(N)), grad(Y.size()), update(Y.size()), gains(Y.size(), 1.0);
  Rng rng(opt.seed);
  for (double& y : Y) y = 1e-4 * rng.normal();
  const double rate = std::max(N / kExaggeration, 50.0);
  for (int it = 0; it < opt.iterations; it++) {
    const bool early = it < kExaggerationSteps;
    gradient(&grad, P, Y, N, early ? kExaggeration : 1);
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
