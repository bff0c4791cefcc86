// OpenBLAS reads its settings from the environment once, when it loads, so the two
// fixes below set them and restart the program once (execv of /proc/self/exe with
// the same arguments) before main() runs. The Makefile links the whole library, so
// every program gets them.
//
// 1. Kernels. OpenBLAS picks its kernels from the CPU's model number. Inside some
//    virtual machines the model is hidden and OpenBLAS 0.3.21 falls back to its
//    oldest x86-64 kernels ("Prescott", SSE3 only): sgemm then runs about 5x below what
//    the CPU can do (measured here: 52 vs 280 GFLOP/s), which would make every one-hot
//    vs lookup comparison unfair to the matrix product. If OpenBLAS chose such a
//    generic kernel but the CPU reports AVX2+FMA or AVX-512, OPENBLAS_CORETYPE is set
//    to the matching kernel family. Setting OPENBLAS_CORETYPE yourself turns this off.
// 2. Idle threads. After each call OpenBLAS's worker threads keep spinning for about
//    2^28 cycles (a tenth of a second) before they sleep. embedlab alternates sgemm
//    with its own threads (the lookup, softmax, the optimizer), which then share the
//    cores with those spinners: on 2 cores a lookup measured right after an sgemm took
//    3x longer. OPENBLAS_THREAD_TIMEOUT=4 (2^4 cycles, the minimum) lets them sleep at
//    once. Setting OPENBLAS_THREAD_TIMEOUT yourself keeps your value.
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <string>
#include <vector>

#include "util/blas_setup.h"

extern "C" char* openblas_get_corename(void);
extern "C" int openblas_get_num_threads(void);
extern "C" void openblas_set_num_threads(int);

namespace embedlab {
namespace {

const char* best_coretype() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return nullptr;
}

bool is_generic(const char* core) {
  std::string c = core ? core : "";
  for (char& ch : c) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  for (const char* old : {"prescott", "core2", "nehalem", "penryn", "dunnington", "atom",
                          "katmai", "coppermine", "northwood", "banias", "unknown", ""})
    if (c == old) return true;
  return false;
}

std::string read_cmdline(std::string* raw) {
  FILE* f = std::fopen("/proc/self/cmdline", "rb");
  if (!f) return "";
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) raw->append(buf, n);
  std::fclose(f);
  return *raw;
}

__attribute__((constructor)) void fix_openblas_settings() {
  const char* coretype = nullptr;
  if (!std::getenv("OPENBLAS_CORETYPE")) {
    const char* best = best_coretype();
    if (best && is_generic(openblas_get_corename())) coretype = best;
  }
  const bool timeout = !std::getenv("OPENBLAS_THREAD_TIMEOUT") && openblas_get_num_threads() > 1;
  if (!coretype && !timeout) return;
  std::string raw;
  read_cmdline(&raw);
  if (raw.empty()) return;
  std::vector<char*> args;
  for (size_t i = 0; i < raw.size(); i += std::strlen(&raw[i]) + 1) args.push_back(&raw[i]);
  args.push_back(nullptr);
  if (coretype) setenv("OPENBLAS_CORETYPE", coretype, 1);
  if (timeout) setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1);
  execv("/proc/self/exe", args.data());
  // exec failed: carry on as OpenBLAS loaded
  if (coretype) unsetenv("OPENBLAS_CORETYPE");
  if (timeout) unsetenv("OPENBLAS_THREAD_TIMEOUT");
}

}  // namespace
void set_blas_threads(int threads) { openblas_set_num_threads(threads); }

}  // namespace embedlab
