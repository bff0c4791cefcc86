// Seeded initialisation of the embedding and linear layers, two ways:
//   kDefault  embedlab's own generator (embedlab::Rng): normal for tables, uniform for Linear.
//   kTorch    the exact float32 bits PyTorch 1.13 (CPU, AVX2 kernels) gives after
//             torch.manual_seed(S) for nn.Embedding(V, C) and nn.Linear(C_in, C_out),
//             layer by layer in construction order, so a PyTorch twin of a model
//             starts from the same numbers. tests/fixtures/torch_init.txt pins them.
// e.g. Initializer init(InitKind::kTorch, 123); init.embedding(W, 6, 3);
//      -> W row 0 = 0.3374 -0.1778 -0.1690, as torch.nn.Embedding(6, 3) prints it.
// Shapes: V rows of a table, C columns; a Linear maps C_in features to C_out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "util/rng.h"
#include "util/status.h"

namespace embedlab {

// PyTorch's CPU random generator, step by step:
//  * a 32-bit Mersenne Twister (mt19937) seeded with the low 32 bits of the seed;
//  * random() is one 32-bit draw; random64() is two, the first as the high half;
//  * a float uniform in [from, to) keeps 24 bits: x = (r & 0xFFFFFF) / 2^24, then
//    fma(x, to - from, from) in float (torch's AVX2 build fuses that multiply-add);
//    a double uniform keeps 53 bits of random64();
//  * normal_ on a float tensor of n elements has two paths:
//      n < 16  one element at a time in double: u1, u2 uniform doubles,
//              r = sqrt(-2 log(1 - u2)), theta = 2 pi u1, value r cos(theta); r sin(theta)
//              is kept (cached) and is the next element's value, even in a later call;
//      n >= 16 all n floats drawn as uniforms first; then every block of 16 becomes
//              normals by pairing element j with j + 8 (Box-Muller in float with
//              the cephes polynomials torch's AVX2 kernel uses for log, sin, cos,
//              with the multiply-adds its compiler fused into FMAs, see init.cpp);
//              if n is not a multiple of 16, the last 16 positions get 16 fresh
//              uniforms and are transformed again.
// manual_seed() also clears the cached normal.
class TorchGenerator {
 public:
  explicit TorchGenerator(uint64_t seed = 67280421310721ull) { manual_seed(seed); }
  void manual_seed(uint64_t seed);

  uint32_t random() { return uint32_t(mt_()); }
  uint64_t random64();
  // tensor.uniform_(from, to) on n contiguous floats.
  void uniform(float* out, size_t n, double from, double to);
  // tensor.normal_() (mean 0, std 1) on n contiguous floats.
  void normal(float* out, size_t n);

 private:
  double normal_double();  // the scalar path, with its cache
  std::mt19937 mt_;
  std::optional<double> cached_normal_;
};

// The float log and sin/cos of torch's AVX2 normal kernel (cephes polynomials),
// one lane at a time. log_cephes needs x > 0 and normal; sincos_cephes x >= 0.
float log_cephes(float x);
void sincos_cephes(float x, float* s, float* c);

// Bounds nn.Linear uses: kaiming_uniform(a = sqrt(5)) for the weight gives
// sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(C_in) (= 1/sqrt(C_in) up to rounding), and
// the bias gets 1 / sqrt(C_in). Both computed in double as torch's Python does.
double linear_weight_bound(int C_in);
double linear_bias_bound(int C_in);

enum class InitKind { kDefault, kTorch };
// "torch" or "default".
Status parse_init_kind(const std::string& name, InitKind* out);
const char* init_kind_name(InitKind kind);

class Initializer {
 public:
  Initializer(InitKind kind, uint64_t seed);
  // W (V, C) ~ N(0, 1), like nn.Embedding(V, C).
  void embedding(float* W, int V, int C);
  // W (C_out, C_in) ~ U(-wb, wb), bias (C_out) ~ U(-bb, bb), like nn.Linear(C_in, C_out).
  // bias may be null (no bias: nothing drawn for it).
  void linear(float* W, float* bias, int C_in, int C_out);
  // The two draws of linear() one at a time (the weight's, then the bias's).
  void linear_weight(float* W, int C_in, int C_out);
  void linear_bias(float* bias, int C_in, int C_out);
  InitKind kind() const { return kind_; }

 private:
  void uniform(float* out, size_t n, double bound);
  InitKind kind_;
  Rng rng_;
  TorchGenerator torch_;
};

}  // namespace embedlab
