#include "util/rng.h"

#include <cmath>
#include <cstring>

namespace embedlab {

static uint64_t splitmix64(uint64_t* x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void Rng::reseed(uint64_t seed) {
  uint64_t x = seed;
  for (auto& s : s_) s = splitmix64(&x);
  has_spare_ = false;
  spare_ = 0;
}

uint64_t Rng::next_u64() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

uint64_t Rng::below(uint64_t n) {
  // Rejection sampling: drop the top partial block of 2^64 so every residue is equally likely.
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = next_u64(); while (x >= limit);
  return x % n;
}

float Rng::uniform_float() { return float(next_u64() >> 40) * (1.0f / 16777216.0f); }

double Rng::uniform_double() { return double(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = 1.0 - uniform_double();  // (0, 1], so log is finite
  double u2 = uniform_double();
  double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2.0 * M_PI * u2);
  has_spare_ = true;
  return r * std::cos(2.0 * M_PI * u2);
}

std::string Rng::save_state() const {
  std::string out(sizeof s_ + 1 + sizeof spare_, '\0');
  std::memcpy(&out[0], s_, sizeof s_);
  out[sizeof s_] = has_spare_ ? 1 : 0;
  std::memcpy(&out[sizeof s_ + 1], &spare_, sizeof spare_);
  return out;
}

Status Rng::load_state(const std::string& bytes) {
  if (bytes.size() != sizeof s_ + 1 + sizeof spare_)
    return Status::bad_input("random generator state has " + std::to_string(bytes.size()) +
                             " bytes, expected " + std::to_string(sizeof s_ + 1 + sizeof spare_));
  std::memcpy(s_, bytes.data(), sizeof s_);
  has_spare_ = bytes[sizeof s_] != 0;
  std::memcpy(&spare_, bytes.data() + sizeof s_ + 1, sizeof spare_);
  return Status();
}

}  // namespace embedlab
