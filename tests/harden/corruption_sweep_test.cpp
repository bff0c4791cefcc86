// The sweep harness itself: it tries what it says, and it notices a reader that
// loads damage, answers on two lines or takes too long. Also the CLI helper.
#include "harden/corruption_sweep.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "test_util.h"
#include "util/timer.h"

using embedlab::Status;
using namespace embedlab_test;

namespace {

const std::string kValid = "0123456789";  // 10 bytes, 80 bits

SweepOptions small_options() {
  SweepOptions o;
  o.every_single_bit = true;
  o.random_flips = 50;
  return o;
}

}  // namespace

TEST(CorruptionSweep, TriesEveryTruncationEveryBitAndSeededFlips) {
  int truncations = 0, single = 0, random = 0;
  std::set<std::string> damaged;
  for_each_corruption(kValid, small_options(), [&](const Corruption& c) {
    if (c.what.rfind("truncated to ", 0) == 0) {
      EXPECT_EQ(c.bytes, kValid.substr(0, c.bytes.size()));
      EXPECT_EQ(c.bytes.size(), size_t(truncations));  // lengths 0, 1, ..., 9 in order
      truncations++;
      return;
    }
    ASSERT_EQ(c.bytes.size(), kValid.size());
    int bits = 0;
    for (size_t i = 0; i < kValid.size(); i++)
      bits += __builtin_popcount(uint8_t(c.bytes[i] ^ kValid[i]));
    if (c.what.rfind("flipped bit ", 0) == 0) {
      EXPECT_EQ(bits, 1) << c.what;
      single++;
    } else {
      EXPECT_GE(bits, 1) << c.what;
      EXPECT_LE(bits, 3) << c.what;
      random++;
    }
    damaged.insert(c.bytes);
  });
  EXPECT_EQ(truncations, 10);
  EXPECT_EQ(single, 80);
  EXPECT_EQ(random, 50);
  EXPECT_GT(damaged.size(), 100u);  // the 2- and 3-bit flips are new copies
}

TEST(CorruptionSweep, SamplesLengthsBeyondTheFirstFourKilobytes) {
  const std::string big(10000, 'x');
  SweepOptions o;
  o.random_flips = 0;
  size_t count = 0, beyond = 0;
  for_each_corruption(big, o, [&](const Corruption& c) {
    count++;
    if (c.bytes.size() >= 4096) beyond++;
    EXPECT_LT(c.bytes.size(), big.size());
  });
  EXPECT_EQ(count, 4096u + 500u);
  EXPECT_EQ(beyond, 500u);
}

TEST(CorruptionSweep, SameSeedSameCopies) {
  std::vector<std::string> a, b;
  for_each_corruption(kValid, small_options(), [&](const Corruption& c) { a.push_back(c.what); });
  for_each_corruption(kValid, small_options(), [&](const Corruption& c) { b.push_back(c.what); });
  EXPECT_EQ(a, b);
}

TEST(CorruptionSweep, ACarefulReaderPasses) {
  // Accepts only the exact valid bytes: what a checksummed reader does.
  Loader strict = [](const std::string& bytes, std::string* loaded) {
    if (bytes != kValid) return Status::bad_input("x.bin: damaged");
    *loaded = bytes;
    return Status();
  };
  SweepReport r = corruption_sweep(kValid, strict, small_options());
  EXPECT_EQ(r.failure_count, 0) << r.summary();
  EXPECT_EQ(r.attempts, 10 + 80 + 50);
  EXPECT_EQ(r.rejected, r.attempts);
  EXPECT_EQ(r.loaded, 0);
}

TEST(CorruptionSweep, ReportsDamageThatLoads) {
  Loader careless = [](const std::string& bytes, std::string* loaded) {
    *loaded = bytes;
    return Status();
  };
  SweepReport r = corruption_sweep(kValid, careless, small_options());
  EXPECT_EQ(r.loaded, r.attempts);
  EXPECT_EQ(r.loaded_different, r.attempts);  // every damaged copy differs
  EXPECT_EQ(r.failure_count, r.attempts);
  EXPECT_EQ(r.failures.size(), 20u);  // only the first 20 are kept
  EXPECT_EQ(r.failures[0], "truncated to 0 bytes: loaded different contents without an error");
  // A format without a checksum may load damage: counted, not failed.
  SweepOptions text = small_options();
  text.checksummed = false;
  r = corruption_sweep(kValid, careless, text);
  EXPECT_EQ(r.failure_count, 0) << r.summary();
  EXPECT_EQ(r.loaded, r.attempts);
}

TEST(CorruptionSweep, ReportsMessagesThatAreEmptyOrSpanLines) {
  EXPECT_TRUE(is_one_line_message("x.bin: truncated: 3 bytes"));
  EXPECT_FALSE(is_one_line_message(""));
  EXPECT_FALSE(is_one_line_message("x.bin: bad\nsecond line"));
  EXPECT_FALSE(is_one_line_message("x.bin: bad\r"));
  Loader two_lines = [](const std::string& bytes, std::string* loaded) {
    if (bytes.size() == 3) return Status::bad_input("x.bin: bad\nat byte 3");
    if (bytes.size() == 4) return Status::bad_input("");
    if (bytes != kValid) return Status::bad_input("x.bin: damaged");
    *loaded = bytes;
    return Status();
  };
  SweepReport r = corruption_sweep(kValid, two_lines, small_options());
  ASSERT_EQ(r.failure_count, 2) << r.summary();
  EXPECT_EQ(r.failures[0], "truncated to 3 bytes: the message is empty or spans lines: "
                           "\"x.bin: bad\nat byte 3\"");
  EXPECT_EQ(r.failures[1], "truncated to 4 bytes: the message is empty or spans lines: \"\"");
}

TEST(CorruptionSweep, ReportsSlowAttempts) {
  // Scaled down: a 1 ms limit and one attempt that computes for 20 ms of CPU time.
  Loader slow = [](const std::string& bytes, std::string* loaded) {
    if (bytes.size() == 5)
      for (const double t0 = embedlab::cpu_seconds(); embedlab::cpu_seconds() - t0 < 0.02;) {
      }
    if (bytes != kValid) return Status::bad_input("x.bin: damaged");
    *loaded = bytes;
    return Status();
  };
  SweepOptions o;
  o.random_flips = 0;
  o.slow_seconds = 0.001;
  SweepReport r = corruption_sweep(kValid, slow, o);
  ASSERT_EQ(r.failure_count, 1) << r.summary();
  EXPECT_EQ(r.failures[0].rfind("truncated to 5 bytes: took 0.0", 0), 0u) << r.failures[0];
}

TEST(CorruptionSweep, AnIntactFileThatDoesNotLoadIsAFailure) {
  Loader never = [](const std::string&, std::string*) { return Status::bad_input("x: no"); };
  SweepReport r = corruption_sweep(kValid, never, small_options());
  EXPECT_EQ(r.attempts, 0);
  ASSERT_EQ(r.failure_count, 1);
  EXPECT_EQ(r.failures[0], "the intact file does not load: x: no");
}

TEST(CliHelper, UnknownCommandExitsOneWithOneStderrLine) {
  EXPECT_TRUE(fails_with_one_line(build_dir() + "/embedlab no-such-command"));
  // and the helper notices each way to break the contract
  EXPECT_FALSE(fails_with_one_line("true"));                               // exit code 0
  EXPECT_FALSE(fails_with_one_line("sh -c 'echo embedlab: a >&2; echo b >&2; exit 1'"));
  EXPECT_FALSE(fails_with_one_line("sh -c 'echo oops >&2; exit 1'"));       // not embedlab's
  EXPECT_FALSE(fails_with_one_line("sh -c 'exit 1'"));                      // silent
  std::string out, err;
  EXPECT_EQ(run_split("sh -c 'echo to-out; echo to-err >&2; exit 3'", &out, &err), 3);
  EXPECT_EQ(out, "to-out\n");
  EXPECT_EQ(err, "to-err\n");
}
