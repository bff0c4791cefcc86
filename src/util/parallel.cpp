#include "util/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
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

namespace {

// One job at a time: the chunks of one parallel_for. Workers sleep until a job opens,
// join it under the lock (so they see its settings), take chunk numbers from `next_`
// until none is left, and leave it. The caller takes chunks too (a pool of W workers
// runs W + 1 at once) and closes the job once every chunk is done and every worker
// that joined has left, so no worker can still be reading a job that has ended.
class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; i++) threads_.emplace_back([this] { work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      quit_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  int workers() const { return int(threads_.size()); }

  void run(int64_t n, int64_t chunks, const std::function<void(int64_t, int64_t)>& fn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = Job{&fn, n, chunks, (n + chunks - 1) / chunks};
      next_ = 0;
      left_ = chunks;
      open_ = true;
      generation_++;
    }
    wake_.notify_all();
    inside_parallel_for() = true;  // a parallel_for inside fn runs on this thread
    take_chunks(job_);
    inside_parallel_for() = false;
    spin_until([this] { return left_.load() == 0 && joined_.load() == 0; });
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return left_ == 0 && joined_ == 0; });
    open_ = false;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  static bool& inside_parallel_for() {
    thread_local bool worker = false;
    return worker;
  }

 private:
  struct Job {
    const std::function<void(int64_t, int64_t)>* fn = nullptr;
    int64_t n = 0, chunks = 0, per = 0;
  };

  void take_chunks(const Job& job) {
    for (;;) {
      const int64_t c = next_.fetch_add(1);
      if (c >= job.chunks) return;
      const int64_t b = c * job.per, e = std::min(job.n, b + job.per);
      if (b < e) {
        try {
          (*job.fn)(b, e);
        } catch (...) {  // kept for the caller, who rethrows it once every chunk is done
          std::lock_guard<std::mutex> lock(mu_);
          if (!error_) error_ = std::current_exception();
        }
      }
      if (left_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mu_);  // the caller may be about to wait
        done_.notify_one();
      }
    }
  }

  // Waking a sleeping thread takes tens of microseconds on a virtual machine, as long
  // as a small lookup takes. So a worker that has just finished a job, and a caller
  // waiting for its chunks, first watch for a while (yielding the core to any thread
  // that wants it, OpenBLAS's among them) and sleep only if nothing came.
  template <typename Ready>
  static void spin_until(Ready ready) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(kSpinMicroseconds);
    while (!ready() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  }
  static constexpr int kSpinMicroseconds = 100;

  void work() {
    inside_parallel_for() = true;
    uint64_t seen = 0;
    for (;;) {
      Job job;
      spin_until([&] { return quit_.load() || generation_.load() != seen; });
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
        if (quit_) return;
        seen = generation_;
        if (!open_) continue;
        job = job_;
        joined_++;
      }
      take_chunks(job);
      std::lock_guard<std::mutex> lock(mu_);
      if (--joined_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  bool open_ = false;
  // Changed under the lock, and also watched without it (spin_until):
  std::atomic<bool> quit_{false};
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> joined_{0};  // workers inside the open job
  Job job_;
  std::atomic<int64_t> next_{0}, left_{0};
  std::exception_ptr error_;  // the first exception a chunk threw
};

// The pool is made on first use with num_threads() - 1 workers and made again when
// that changes. A child process after fork() has none of the parent's threads: it
// drops the parent's pool without touching it and makes its own.
Pool* g_pool = nullptr;
std::mutex g_pool_mu;  // one parallel_for at a time from outside the pool

void forget_pool_in_child() { g_pool = nullptr; }

Pool* pool_with(int workers) {
  static bool registered = [] { return pthread_atfork(nullptr, nullptr, forget_pool_in_child) == 0; }();
  (void)registered;
  if (g_pool && g_pool->workers() != workers) {
    delete g_pool;
    g_pool = nullptr;
  }
  if (!g_pool) g_pool = new Pool(workers);
  return g_pool;
}

}  // namespace

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  int64_t chunks =
      std::min<int64_t>(num_threads(), std::max<int64_t>(1, n / std::max<int64_t>(1, grain)));
  if (chunks <= 1) {
    fn(0, n);
    return;
  }
  // Within a parallel_for (on a worker, or on its caller while it takes chunks) the
  // chunks run here, one after another: the same chunks, so the same results.
  if (Pool::inside_parallel_for()) {
    const int64_t per = (n + chunks - 1) / chunks;
    for (int64_t b = 0; b < n; b += per) fn(b, std::min(n, b + per));
    return;
  }
  std::lock_guard<std::mutex> lock(g_pool_mu);
  pool_with(num_threads() - 1)->run(n, chunks, fn);
}

}  // namespace embedlab
