#include "harden/corruption_sweep.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "test_util.h"
#include "util/file.h"
#include "util/rng.h"
#include "util/timer.h"

namespace embedlab_test {

using embedlab::Status;

namespace {

// Aborts the process, naming the attempt, when one attempt runs past `limit` seconds.
class Watchdog {
 public:
  explicit Watchdog(double limit) : limit_(limit), thread_([this] { watch(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  void start(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    what_ = what;
    started_ = embedlab::now_seconds();
  }
  void stop() {
    std::lock_guard<std::mutex> lock(mu_);
    started_ = 0;
  }

 private:
  void watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!done_) {
      cv_.wait_for(lock, std::chrono::milliseconds(200));
      if (started_ > 0 && embedlab::now_seconds() - started_ > limit_) {
        std::fprintf(stderr, "corruption sweep: attempt '%s' still running after %.0f s: hang\n",
                     what_.c_str(), limit_);
        std::abort();
      }
    }
  }
  double limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  double started_ = 0;
  std::string what_;
  std::thread thread_;  // last: starts after the members it reads
};

}  // namespace

bool is_one_line_message(const std::string& message) {
  return !message.empty() && message.find_first_of("\r\n") == std::string::npos;
}

Loader via_temp_file(const std::string& file_name, PathLoader load) {
  const std::string path = embedlab::path_join(temp_dir(), file_name);
  return [path, load](const std::string& bytes, std::string* loaded) {
    write_text(path, bytes);
    return load(path, loaded);
  };
}

void for_each_corruption(const std::string& valid, const SweepOptions& options,
                         const std::function<void(const Corruption&)>& fn) {
  embedlab::Rng rng(options.seed);
  const size_t size = valid.size();
  Corruption c;
  const size_t every = std::min(size, options.every_length_below);
  for (size_t n = 0; n < every; n++) {
    c.what = "truncated to " + std::to_string(n) + " bytes";
    c.bytes.assign(valid, 0, n);
    fn(c);
  }
  if (size > every + 1) {
    for (int i = 0; i < options.sampled_lengths; i++) {
      const size_t n = every + size_t(rng.below(size - every));  // in [every, size)
      c.what = "truncated to " + std::to_string(n) + " bytes";
      c.bytes.assign(valid, 0, n);
      fn(c);
    }
  }
  if (options.every_single_bit) {
    for (size_t bit = 0; bit < size * 8; bit++) {
      c.what = "flipped bit " + std::to_string(bit);
      c.bytes = valid;
      c.bytes[bit / 8] = char(c.bytes[bit / 8] ^ (1 << (bit % 8)));
      fn(c);
    }
  }
  for (int i = 0; i < options.random_flips && size > 0; i++) {
    const int k = std::min<int>(1 + int(rng.below(3)), int(size * 8));
    std::vector<uint64_t> bits;
    while (int(bits.size()) < k) {
      const uint64_t bit = rng.below(size * 8);
      if (std::find(bits.begin(), bits.end(), bit) == bits.end()) bits.push_back(bit);
    }
    c.what = "flipped bits";
    c.bytes = valid;
    for (size_t j = 0; j < bits.size(); j++) {
      c.what += (j ? ", " : " ") + std::to_string(bits[j]);
      c.bytes[bits[j] / 8] = char(c.bytes[bits[j] / 8] ^ (1 << (bits[j] % 8)));
    }
    fn(c);
  }
}

SweepReport corruption_sweep(const std::string& valid, const Loader& load,
                             const SweepOptions& options) {
  SweepReport r;
  auto fail = [&r](const std::string& what) {
    if (r.failures.size() < 20) r.failures.push_back(what);
    r.failure_count++;
  };
  std::string intact;
  Status s = load(valid, &intact);
  if (!s.ok()) {
    fail("the intact file does not load: " + s.message());
    return r;
  }
  Watchdog watchdog(options.hang_seconds);
  for_each_corruption(valid, options, [&](const Corruption& c) {
    r.attempts++;
    if (c.what.rfind("truncated", 0) == 0) r.truncations++;
    else if (c.what.rfind("flipped bit ", 0) == 0) r.single_bit_flips++;
    else r.random_flips++;
    std::string loaded;
    watchdog.start(c.what);
    // CPU time, not wall time: a loaded machine (or a sanitizer build beside other jobs)
    // must not turn a fast attempt into a "slow" one. A hang still trips the watchdog.
    const double t0 = embedlab::cpu_seconds();
    s = load(c.bytes, &loaded);
    const double seconds = embedlab::cpu_seconds() - t0;
    watchdog.stop();
    if (seconds > options.slow_seconds)
      fail(c.what + ": took " + std::to_string(seconds) + " s");
    if (!s.ok()) {
      r.rejected++;
      if (!is_one_line_message(s.message()))
        fail(c.what + ": the message is empty or spans lines: \"" + s.message() + "\"");
      return;
    }
    r.loaded++;
    if (loaded != intact) r.loaded_different++;
    if (options.checksummed)
      fail(c.what + (loaded != intact ? ": loaded different contents without an error"
                                      : ": loaded without an error"));
  });
  return r;
}

SweepOptions through_a_file(uint64_t seed) {
  SweepOptions o;
  o.seed = seed;
  o.every_length_below = 512;
  o.sampled_lengths = 100;
  o.random_flips = 200;
  return o;
}

void sweep_and_check(const std::string& label, const std::string& valid, const Loader& load,
                     const SweepOptions& options) {
  SweepReport r = corruption_sweep(valid, load, options);
  EXPECT_EQ(r.failure_count, 0) << r.summary();
  EXPECT_EQ(r.rejected, r.attempts) << r.summary();
  EXPECT_EQ(r.loaded, 0) << r.summary();
  const size_t every = std::min<size_t>(valid.size(), options.every_length_below);
  const int sampled = valid.size() > every + 1 ? options.sampled_lengths : 0;
  EXPECT_EQ(r.truncations, int(every) + sampled);
  EXPECT_EQ(r.single_bit_flips, options.every_single_bit ? int(valid.size() * 8) : 0);
  EXPECT_EQ(r.random_flips, options.random_flips);
  testing::Test::RecordProperty(label, r.summary());
}

std::string SweepReport::summary() const {
  std::string s = std::to_string(attempts) + " attempts (" + std::to_string(truncations) +
                  " truncations, " + std::to_string(single_bit_flips) + " single-bit flips, " +
                  std::to_string(random_flips) + " random flips): " + std::to_string(rejected) +
                  " rejected, " + std::to_string(loaded) + " loaded (" +
                  std::to_string(loaded_different) + " different), " +
                  std::to_string(failure_count) + " failures";
  for (const std::string& f : failures) s += "\n  " + f;
  return s;
}

}  // namespace embedlab_test
