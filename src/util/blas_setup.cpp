// OpenBLAS picks its kernels when it loads, from the CPU's model number. Inside some
// virtual machines the model is hidden and OpenBLAS 0.3.21 falls back to its oldest
// x86-64 kernels ("Prescott", SSE3 only): sgemm then runs about 5x below what the
// CPU can do (measured here: 52 vs 280 GFLOP/s), which would make every one-hot vs
// lookup comparison unfair to the matrix product.
//
// The fix runs before main(): if OpenBLAS chose one of those generic kernels but the
// CPU reports AVX2+FMA or AVX-512, set OPENBLAS_CORETYPE to the matching kernel family
// and restart the program once (execv of /proc/self/exe with the same arguments), so
// OpenBLAS loads again and reads it. Setting OPENBLAS_CORETYPE yourself (to any value)
// turns this off. The Makefile links the whole library, so every program gets it.
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <string>
#include <vector>

extern "C" char* openblas_get_corename(void);

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

__attribute__((constructor)) void fix_openblas_kernels() {
  if (std::getenv("OPENBLAS_CORETYPE")) return;
  const char* best = best_coretype();
  if (!best || !is_generic(openblas_get_corename())) return;
  std::string raw;
  read_cmdline(&raw);
  if (raw.empty()) return;
  std::vector<char*> args;
  for (size_t i = 0; i < raw.size(); i += std::strlen(&raw[i]) + 1) args.push_back(&raw[i]);
  args.push_back(nullptr);
  setenv("OPENBLAS_CORETYPE", best, 1);
  execv("/proc/self/exe", args.data());
  unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on with the generic kernels
}

}  // namespace
}  // namespace embedlab
