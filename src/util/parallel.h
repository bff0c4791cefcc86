// parallel_for: split [0, n) into contiguous chunks, one per thread.
// Each index is handled by exactly one thread and the per-index arithmetic does not
// depend on the split, so results are the same bits for any thread count.
// The thread count defaults to the machine's cores; EMBEDLAB_THREADS overrides it.
// The threads are one persistent pool (num_threads() - 1 workers plus the caller),
// made on first use, so a call costs a wake-up, not a thread start. A parallel_for
// inside another runs its chunks on the thread that calls it. An exception thrown by
// fn reaches the caller after every chunk has finished.
#pragma once
#include <cstdint>
#include <functional>

namespace embedlab {

int num_threads();
void set_num_threads(int n);  // n < 1 restores the default
// Runs fn(begin, end) over chunks of at least `grain` indices.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace embedlab
