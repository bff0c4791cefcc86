// OpenBLAS's settings: src/util/blas_setup.cpp fixes its kernels and its idle threads
// before main(); this sets how many threads its products use.
#pragma once

namespace embedlab {

// Threads for OpenBLAS's matrix products (1 or more).
void set_blas_threads(int threads);

}  // namespace embedlab
