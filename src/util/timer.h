// Wall-clock seconds for timings and progress lines (never inside tests' assertions),
// and the process's CPU seconds (all threads), which a busy machine does not inflate.
#pragma once
#include <time.h>

#include <chrono>

namespace embedlab {

inline double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

}  // namespace embedlab
