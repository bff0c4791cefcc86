#include "util/parallel.h"

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <vector>

namespace embedlab {

static int default_threads() {
  if (const char* e = std::getenv("EMBEDLAB_THREADS")) {
    int n = std::atoi(e);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

static int g_threads = 0;

int num_threads() {
  if (g_threads < 1) g_threads = default_threads();
  return g_threads;
}

void set_num_threads(int n) { g_threads = n < 1 ? default_threads() : n; }

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  int64_t chunks =
      std::min<int64_t>(num_threads(), std::max<int64_t>(1, n / std::max<int64_t>(1, grain)));
  if (chunks <= 1) {
    fn(0, n);
    return;
  }
  std::vector<std::thread> workers;
  int64_t per = (n + chunks - 1) / chunks;
  for (int64_t c = 1; c < chunks; c++) {
    int64_t b = c * per, e = std::min(n, b + per);
    if (b < e) workers.emplace_back(fn, b, e);
  }
  fn(0, std::min(n, per));
  for (auto& w : workers) w.join();
}

}  // namespace embedlab
