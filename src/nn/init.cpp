#include "nn/init.h"

#include <cassert>
#include <cmath>
#include <cstring>

namespace embedlab {

namespace {

float bits_to_float(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t float_to_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// A float uniform in [0, 1) from the low 24 bits of a 32-bit draw (exact in float).
float unit_float(uint32_t r) { return float(r & 0xFFFFFFu) * (1.0f / 16777216.0f); }

// A double uniform in [0, 1) from the low 53 bits of a 64-bit draw.
double unit_double(uint64_t r) {
  return double(r & ((uint64_t(1) << 53) - 1)) * (1.0 / 9007199254740992.0);
}

constexpr double kPi = 3.14159265358979323846;

// Turns 16 uniforms in [0, 1) into 16 standard normals: Box-Muller on the pairs
// (j, j + 8), all in float, as torch's AVX2 kernel does with 8 lanes at a time.
void normal_block_16(float* data) {
  const float two_pi = float(2.0f * kPi);
  for (int j = 0; j < 8; j++) {
    float u1 = 1.0f - data[j];  // (0, 1], so the log is finite
    float u2 = data[j + 8];
    float radius = std::sqrt(-2.0f * log_cephes(u1));
    float theta = two_pi * u2;
    float s, c;
    sincos_cephes(theta, &s, &c);
    data[j] = radius * c;
    data[j + 8] = radius * s;
  }
}

}  // namespace

// ---- cephes single-precision log and sincos ----
// torch's AVX2 kernel writes these with separate multiply and add intrinsics, but its
// compiler (GCC, -mfma, fp-contract=fast) fuses each product whose only use is an
// addition into one FMA, rounding once. std::fma marks exactly those places; every
// other operation rounds on its own. Without the FMAs about 1 value in 100 of a
// normal table and half of the uniform values differ from torch by an ulp or so
// (tests/nn/init_test.cpp compares against the fixture bit for bit).
// log: write x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then
// log(x) = e * log(2) + log(m), log(1 + t) by a degree-9 polynomial in t = m - 1,
// and log(2) split in two parts (q2 + q1) so e * log(2) keeps its precision.
float log_cephes(float x) {
  const float sqrt_half = float(0.707106781186547524);
  const float p[9] = {float(7.0376836292E-2), float(-1.1514610310E-1), float(1.1676998740E-1),
                      float(-1.2420140846E-1), float(1.4249322787E-1), float(-1.6668057665E-1),
                      float(2.0000714765E-1), float(-2.4999993993E-1), float(3.3333331174E-1)};
  const float q1 = float(-2.12194440e-4), q2 = float(0.693359375);
  uint32_t bits = float_to_bits(x);
  int exponent = int(bits >> 23) - 0x7f;
  float m = bits_to_float((bits & ~0x7f800000u) | float_to_bits(0.5f));  // in [0.5, 1)
  float e = float(exponent) + 1.0f;
  float t;
  if (m < sqrt_half) {
    e = e - 1.0f;
    t = (m - 1.0f) + m;
  } else {
    t = m - 1.0f;
  }
  float z = t * t;
  float y = p[0];
  for (int k = 1; k < 9; k++) y = std::fma(y, t, p[k]);
  y = y * t;
  y = std::fma(y, z, e * q1);
  y = std::fma(-z, 0.5f, y);
  t = t + y;
  return std::fma(e, q2, t);
}

// sin and cos: reduce x by multiples of pi/4 (j even, pi/4 split in three parts so
// the subtraction stays exact), then one polynomial for sin and one for cos on
// [-pi/4, pi/4]; j picks which polynomial gives which result and the signs.
void sincos_cephes(float x, float* s, float* c) {
  const float dp1 = float(-0.78515625), dp2 = float(-2.4187564849853515625e-4),
              dp3 = float(-3.77489497744594108e-8);
  const float sin_p0 = float(-1.9515295891E-4), sin_p1 = float(8.3321608736E-3),
              sin_p2 = float(-1.6666654611E-1);
  const float cos_p0 = float(2.443315711809948E-005), cos_p1 = float(-1.388731625493765E-003),
              cos_p2 = float(4.166664568298827E-002);
  const float four_over_pi = float(1.27323954473516);
  uint32_t sign_sin = float_to_bits(x) & 0x80000000u;
  x = std::fabs(x);
  int32_t j = int32_t(x * four_over_pi);  // truncation
  j = (j + 1) & ~1;
  float y = float(j);
  uint32_t swap_sin = uint32_t(j & 4) << 29;
  bool first_poly_is_cos = (j & 2) == 0;
  x = std::fma(y, dp1, x);
  x = std::fma(y, dp2, x);
  x = std::fma(y, dp3, x);
  uint32_t sign_cos = uint32_t(~(j - 2) & 4) << 29;
  sign_sin ^= swap_sin;
  float z = x * x;
  float yc = std::fma(cos_p0, z, cos_p1);
  yc = std::fma(yc, z, cos_p2);
  yc = yc * z;
  yc = std::fma(yc, z, -(z * 0.5f));
  yc = yc + 1.0f;
  float ys = std::fma(sin_p0, z, sin_p1);
  ys = std::fma(ys, z, sin_p2);
  ys = ys * z;
  ys = std::fma(ys, x, x);
  float sin_v = first_poly_is_cos ? ys : yc;
  float cos_v = first_poly_is_cos ? yc : ys;
  *s = bits_to_float(float_to_bits(sin_v) ^ sign_sin);
  *c = bits_to_float(float_to_bits(cos_v) ^ sign_cos);
}

// ---- TorchGenerator ----
void TorchGenerator::manual_seed(uint64_t seed) {
  mt_.seed(uint32_t(seed & 0xFFFFFFFFu));
  cached_normal_.reset();
}

uint64_t TorchGenerator::random64() {
  uint64_t hi = random();
  uint64_t lo = random();
  return (hi << 32) | lo;
}

void TorchGenerator::uniform(float* out, size_t n, double from, double to) {
  const float lo = float(from), hi = float(to);
  for (size_t i = 0; i < n; i++) {
    float x = unit_float(random());
    out[i] = std::fma(x, hi - lo, lo);
  }
}

double TorchGenerator::normal_double() {
  if (cached_normal_) {
    double v = *cached_normal_;
    cached_normal_.reset();
    return v;
  }
  double u1 = unit_double(random64());
  double u2 = unit_double(random64());
  double r = std::sqrt(-2.0 * std::log(1.0 - u2));
  double theta = 2.0 * kPi * u1;
  cached_normal_ = r * std::sin(theta);
  return r * std::cos(theta);
}

void TorchGenerator::normal(float* out, size_t n) {
  if (n < 16) {
    for (size_t i = 0; i < n; i++) out[i] = float(normal_double());
    return;
  }
  for (size_t i = 0; i < n; i++) out[i] = unit_float(random());
  for (size_t i = 0; i + 16 <= n; i += 16) normal_block_16(out + i);
  if (n % 16 != 0) {
    float* tail = out + n - 16;  // overlaps the last full block: drawn again
    for (int i = 0; i < 16; i++) tail[i] = unit_float(random());
    normal_block_16(tail);
  }
}

// ---- layer initialisation ----
double linear_weight_bound(int C_in) {
  double a = std::sqrt(5.0);
  double gain = std::sqrt(2.0 / (1.0 + std::pow(a, 2.0)));
  double stdev = gain / std::sqrt(double(C_in));
  return std::sqrt(3.0) * stdev;
}

double linear_bias_bound(int C_in) { return 1.0 / std::sqrt(double(C_in)); }

Status parse_init_kind(const std::string& name, InitKind* out) {
  if (name == "torch") *out = InitKind::kTorch;
  else if (name == "default") *out = InitKind::kDefault;
  else return Status::bad_input("--init must be torch or default, got '" + name + "'");
  return Status();
}

const char* init_kind_name(InitKind kind) {
  return kind == InitKind::kTorch ? "torch" : "default";
}

Initializer::Initializer(InitKind kind, uint64_t seed) : kind_(kind), rng_(seed), torch_(seed) {}

void Initializer::embedding(float* W, int V, int C) {
  assert(V > 0 && C > 0);
  size_t n = size_t(V) * C;
  if (kind_ == InitKind::kTorch) {
    torch_.normal(W, n);
  } else {
    for (size_t i = 0; i < n; i++) W[i] = float(rng_.normal());
  }
}

void Initializer::uniform(float* out, size_t n, double bound) {
  if (kind_ == InitKind::kTorch) {
    torch_.uniform(out, n, -bound, bound);
  } else {
    const float lo = float(-bound), hi = float(bound);
    for (size_t i = 0; i < n; i++) out[i] = rng_.uniform_float() * (hi - lo) + lo;
  }
}

void Initializer::linear_weight(float* W, int C_in, int C_out) {
  assert(C_in > 0 && C_out > 0);
  uniform(W, size_t(C_out) * C_in, linear_weight_bound(C_in));
}

void Initializer::linear_bias(float* bias, int C_in, int C_out) {
  assert(C_in > 0 && C_out > 0);
  uniform(bias, size_t(C_out), linear_bias_bound(C_in));
}

void Initializer::linear(float* W, float* bias, int C_in, int C_out) {
  linear_weight(W, C_in, C_out);
  if (bias) linear_bias(bias, C_in, C_out);
}

}  // namespace embedlab
