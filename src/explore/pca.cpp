#include "explore/pca.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/rng.h"

namespace embedlab {

namespace {

// v (C) = S (C,C) u (C)
void mat_vec(double* v, const std::vector<double>& S, const double* u, int C) {
  for (int i = 0; i < C; i++) {
    double s = 0;
    for (int j = 0; j < C; j++) s += S[size_t(i) * C + j] * u[j];
    v[i] = s;
  }
}

double norm(const std::vector<double>& v) {
  double ss = 0;
  for (double x : v) ss += x * x;
  return std::sqrt(ss);
}

// v -= (v.u) u for a unit u.
void remove_component(std::vector<double>* v, const std::vector<double>& u) {
  double d = 0;
  for (size_t i = 0; i < v->size(); i++) d += (*v)[i] * u[i];
  for (size_t i = 0; i < v->size(); i++) (*v)[i] -= d * u[i];
}

// The top eigenvector of the symmetric S by power iteration; `orth` (may be empty) is
// a unit vector that v is kept orthogonal to. Returns the number of steps used.
int power_iteration(std::vector<double>* v, const std::vector<double>& S,
                    const std::vector<double>& orth, int C, Rng* rng) {
  v->assign(size_t(C), 0.0);
  for (double& x : *v) x = rng->normal();
  if (!orth.empty()) remove_component(v, orth);
  double n = norm(*v);
  for (double& x : *v) x /= n;
  std::vector<double> w(static_cast<size_t>(C));
  for (int it = 1; it <= kPcaMaxIterations; it++) {
    mat_vec(w.data(), S, v->data(), C);
    if (!orth.empty()) remove_component(&w, orth);
    double wn = norm(w);
    if (wn < 1e-300) return it;  // S is zero on what is left: any unit v will do
    double moved = 0;
    for (int i = 0; i < C; i++) {
      double x = w[size_t(i)] / wn;
      moved += (x - (*v)[size_t(i)]) * (x - (*v)[size_t(i)]);
      (*v)[size_t(i)] = x;
    }
    if (std::sqrt(moved) < 1e-12) return it;
  }
  return kPcaMaxIterations;
}

double rayleigh(const std::vector<double>& S, const std::vector<double>& v, int C) {
  std::vector<double> w(static_cast<size_t>(C));
  mat_vec(w.data(), S, v.data(), C);
  double s = 0;
  for (int i = 0; i < C; i++) s += v[size_t(i)] * w[size_t(i)];
  return s;
}

// Flips v so that its largest-magnitude coordinate is positive. Coordinates within
// 1e-9 of the largest count as tied (rounding must not decide), and the first wins.
void fix_sign(std::vector<double>* v) {
  double max_abs = 0;
  for (double x : *v) max_abs = std::max(max_abs, std::fabs(x));
  for (double x : *v)
    if (std::fabs(x) >= max_abs - 1e-9) {
      if (x < 0)
        for (double& y : *v) y = -y;
      return;
    }
}

}  // namespace

std::vector<float> gather_rows(const float* E, const std::vector<int32_t>& ids, int C) {
  std::vector<float> X(ids.size() * size_t(C));
  for (size_t n = 0; n < ids.size(); n++)
    for (int c = 0; c < C; c++) X[n * C + c] = E[size_t(ids[n]) * C + c];
  return X;
}

Status pca_2d(Pca2* out, const float* X, int N, int C, uint64_t seed) {
  if (N < 2) return Status::bad_input("PCA needs at least 2 rows, got " + std::to_string(N));
  if (C < 2) return Status::bad_input("PCA needs at least 2 columns, got " + std::to_string(C));
  for (size_t i = 0; i < size_t(N) * C; i++)
    if (!std::isfinite(X[i]))
      return Status::bad_input("PCA input row " + std::to_string(i / C) +
                               " holds a non-finite value");
  Pca2 p;
  p.mean.assign(size_t(C), 0.0);
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) p.mean[size_t(c)] += X[size_t(n) * C + c];
  for (double& m : p.mean) m /= N;

  // S = (1/N) Xc^T Xc with Xc the centred rows.
  std::vector<double> Xc(size_t(N) * C), S(size_t(C) * C, 0.0);
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) Xc[size_t(n) * C + c] = X[size_t(n) * C + c] - p.mean[size_t(c)];
  for (int n = 0; n < N; n++) {
    const double* r = &Xc[size_t(n) * C];
    for (int i = 0; i < C; i++)
      for (int j = i; j < C; j++) S[size_t(i) * C + j] += r[i] * r[j];
  }
  for (int i = 0; i < C; i++)
    for (int j = i; j < C; j++) {
      S[size_t(i) * C + j] /= N;
      S[size_t(j) * C + i] = S[size_t(i) * C + j];
    }
  for (int i = 0; i < C; i++) p.total_variance += S[size_t(i) * C + i];

  Rng rng(seed);
  std::vector<double> none;
  p.iterations[0] = power_iteration(&p.axis[0], S, none, C, &rng);
  p.variance[0] = rayleigh(S, p.axis[0], C);
  // Deflate: the top direction's variance removed, the second becomes the top.
  for (int i = 0; i < C; i++)
    for (int j = 0; j < C; j++)
      S[size_t(i) * C + j] -= p.variance[0] * p.axis[0][size_t(i)] * p.axis[0][size_t(j)];
  p.iterations[1] = power_iteration(&p.axis[1], S, p.axis[0], C, &rng);
  p.variance[1] = std::max(0.0, rayleigh(S, p.axis[1], C));
  for (int k = 0; k < 2; k++) {
    fix_sign(&p.axis[k]);
    p.explained[k] = p.total_variance > 0 ? p.variance[k] / p.total_variance : 0.0;
  }

  p.xy.resize(size_t(N) * 2);
  for (int n = 0; n < N; n++)
    for (int k = 0; k < 2; k++) {
      double s = 0;
      for (int c = 0; c < C; c++) s += Xc[size_t(n) * C + c] * p.axis[k][size_t(c)];
      p.xy[size_t(n) * 2 + k] = float(s);
    }
  *out = std::move(p);
  return Status();
}

}  // namespace embedlab
