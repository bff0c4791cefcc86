#include "util/parallel.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
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

// The workers persist: over many calls, no more distinct threads run chunks than the
// thread count (the calling thread and the pool's workers), where a thread per call
// would give a new id almost every time.
TEST(Parallel, WorkersAreReusedAcrossCalls) {
  set_num_threads(3);
  std::mutex mu;
  std::set<std::thread::id> ids;
  for (int call = 0; call < 200; call++)
    parallel_for(300, 1, [&](int64_t, int64_t) {
      std::lock_guard<std::mutex> lock(mu);
      ids.insert(std::this_thread::get_id());
    });
  EXPECT_LE(ids.size(), 3u);
  EXPECT_GE(ids.size(), 1u);
  set_num_threads(0);
}

TEST(Parallel, NestedCallsAndThreadCountChangesCoverEveryIndexOnce) {
  for (int threads : {2, 4, 1, 3}) {
    set_num_threads(threads);
    std::vector<std::atomic<int>> hits(50 * 40);
    parallel_for(50, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++)
        parallel_for(40, 1, [&](int64_t lo, int64_t hi) {
          for (int64_t j = lo; j < hi; j++) hits[size_t(i * 40 + j)]++;
        });
    });
    for (auto& h : hits) ASSERT_EQ(h.load(), 1) << threads << " threads";
  }
  set_num_threads(0);
}

// A child process has none of its parent's threads: it must make its own pool.
TEST(Parallel, AChildProcessAfterForkHasAWorkingPool) {
  set_num_threads(2);
  parallel_for(100, 1, [](int64_t, int64_t) {});  // the parent's pool exists
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::atomic<int64_t> sum{0};
    parallel_for(1000, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++) sum += i;
    });
    _exit(sum == 999 * 1000 / 2 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  set_num_threads(0);
}

TEST(Parallel, AnExceptionReachesTheCallerAfterEveryChunk) {
  set_num_threads(4);
  std::atomic<int> ran{0};
  EXPECT_THROW(parallel_for(8, 1,
                            [&](int64_t b, int64_t) {
                              ran++;
                              if (b == 2) throw std::runtime_error("the second chunk");
                            }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 4);  // 8 indices in 4 chunks of 2: every chunk ran
  std::atomic<int> after{0};
  parallel_for(8, 1, [&](int64_t b, int64_t e) { after += int(e - b); });
  EXPECT_EQ(after.load(), 8);  // the pool still works
  set_num_threads(0);
}
