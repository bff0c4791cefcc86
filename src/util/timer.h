// Wall-clock seconds for timings and progress lines (never inside tests' assertions).
#pragma once
#include <chrono>

namespace embedlab {

inline double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace embedlab
