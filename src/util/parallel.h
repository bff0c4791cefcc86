// parallel_for: split [0, n) into contiguous chunks, one per thread.
// Each index is handled by exactly one thread and the per-index arithmetic does not
// depend on the split, so results are the same bits for any thread count.
// The thread count defaults to the machine's cores; EMBEDLAB_THREADS overrides it.
#pragma once
#include <cstdint>
#include <functional>

namespace embedlab {

int num_threads();
void set_num_threads(int n);  // n < 1 restores the default
// Runs fn(begin, end) over chunks of at least `grain` indices.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace embedlab
