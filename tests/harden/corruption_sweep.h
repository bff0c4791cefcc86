// A corruption sweep: feed a reader damaged copies of one valid file and check that
// it never crashes, never hangs, and fails with a one-line message.
//
// The damaged copies, all derived from `valid` and the seed:
//   1. every truncation: lengths 0 (the empty file) to min(size, 4096) - 1, then about
//      500 seeded lengths between 4096 and the size for bigger files;
//   2. optionally every single-bit flip, bit by bit over the whole file;
//   3. 1,000 seeded random flips of 1 to 3 distinct bits each.
// Each attempt must either load or return a Status whose message is non-empty and
// has no line break ("embedlab: <message>" stays one line). An attempt that takes more
// than `slow_seconds` of CPU time counts as a failure; one slower than `hang_seconds` aborts the run
// with its description, so a hang ends as a named crash instead of a stuck suite.
// With `checksummed`, nothing damaged may load: a format with a CRC-32 over every
// byte must reject every truncation and every 1-3 bit flip (CRC-32 detects all of
// them in messages up to 11 KB), so no flipped number is ever loaded silently.
//
// To sweep a new format: a Loader that decodes bytes (or `via_temp_file` around a
// path reader) and reports a canonical text of what it loaded, then
//   SweepReport r = corruption_sweep(valid_bytes, loader, options);
//   EXPECT_TRUE(r.failures.empty()) << r.summary();
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab_test {

// Decodes `bytes`. On success fills *loaded with a canonical text of what was read
// (e.g. the object encoded again), so two loads can be compared.
using Loader = std::function<embedlab::Status(const std::string& bytes, std::string* loaded)>;
using PathLoader =
    std::function<embedlab::Status(const std::string& path, std::string* loaded)>;

// A Loader for readers that take a path: each attempt's bytes are written to one
// temp file (named `file_name` in a fresh temp folder) that `load` then reads.
Loader via_temp_file(const std::string& file_name, PathLoader load);

struct SweepOptions {
  uint64_t seed = 1;
  size_t every_length_below = 4096;  // every truncation shorter than this
  int sampled_lengths = 500;         // seeded truncation lengths beyond it
  bool every_single_bit = false;     // flip each bit of the file once (8 * size attempts)
  int random_flips = 1000;           // seeded flips of 1-3 bits
  bool checksummed = true;           // every damaged copy must be rejected
  double slow_seconds = 1.0;         // an attempt slower than this is a failure
  double hang_seconds = 30.0;        // an attempt slower than this aborts the process
};

struct SweepReport {
  int truncations = 0, single_bit_flips = 0, random_flips = 0;
  int attempts = 0;          // the sum of the three above
  int rejected = 0;          // failed with a Status
  int loaded = 0;            // loaded although damaged
  int loaded_different = 0;  // ... and what it loaded differs from the intact file
  int failure_count = 0;
  std::vector<std::string> failures;  // the first 20, each naming its attempt
  std::string summary() const;        // one line of counts, then the failures
};

// One damaged copy: what was done ("truncated to 17 bytes", "flipped bits 3, 90")
// and the resulting bytes.
struct Corruption {
  std::string what;
  std::string bytes;
};

// Calls `fn` for every damaged copy the sweep tries, in order.
void for_each_corruption(const std::string& valid, const SweepOptions& options,
                         const std::function<void(const Corruption&)>& fn);

// The sweep. The intact file must load first (a failure otherwise).
SweepReport corruption_sweep(const std::string& valid, const Loader& load,
                             const SweepOptions& options = SweepOptions());

// The same reader through a real file costs a write and a read per attempt
// (~0.1 ms), and no damaged copy gets past the checksum to anything beyond the
// bytes decoder, so a lighter sweep checks the path plumbing: the full one runs
// on the bytes. 512 truncations, 100 sampled lengths, 200 random flips.
SweepOptions through_a_file(uint64_t seed);

// For a checksummed format: runs the sweep and checks (gtest EXPECTs) that every
// damaged copy was rejected on one line and that the sweep tried what `options` say;
// the counts go into the test's XML properties under `label`.
void sweep_and_check(const std::string& label, const std::string& valid, const Loader& load,
                     const SweepOptions& options = SweepOptions());

// True when `message` is what a reader should return on bad input: non-empty and on
// one line (no '\n' or '\r').
bool is_one_line_message(const std::string& message);

}  // namespace embedlab_test
