// Rng: the default seeded generator (xoshiro256**, seeded through splitmix64).
// Every random choice in embedlab goes through one of these, so the same seed
// gives the same bits on every machine. It does not use std:: distributions,
// whose output differs between standard libraries.
// e.g. Rng r(42); r.next_u64() is the same number everywhere.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { reseed(seed); }
  void reseed(uint64_t seed);

  uint64_t next_u64();
  // Uniform in [0, n), without modulo bias.  REQUIRES: n > 0
  uint64_t below(uint64_t n);
  // Uniform in [0, 1) with 24 random bits (every value exactly representable).
  float uniform_float();
  // Uniform in [0, 1) with 53 random bits.
  double uniform_double();
  // Standard normal (Box-Muller, both values used).
  double normal();
  // Fisher-Yates shuffle.
  template <typename T>
  void shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; i--) std::swap((*v)[i - 1], (*v)[below(i)]);
  }

  // The whole state, to store in a checkpoint and restore exactly.
  std::string save_state() const;
  Status load_state(const std::string& bytes);

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace embedlab
