#include "util/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

using namespace embedlab;

TEST(Parallel, EveryIndexExactlyOnceForAnyThreadCount) {
  for (int threads : {1, 2, 3, 8}) {
    set_num_threads(threads);
    std::vector<std::atomic<int>> hits(1001);
    parallel_for(1001, 10, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++) hits[size_t(i)]++;
    });
    for (auto& h : hits) ASSERT_EQ(h.load(), 1) << threads << " threads";
  }
  set_num_threads(0);
  parallel_for(0, 1, [](int64_t, int64_t) { FAIL() << "called on an empty range"; });
}
