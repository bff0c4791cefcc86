// Shared by the libFuzzer targets (make fuzz). A property that fails calls
// fuzz_fail, which prints what was expected and aborts: libFuzzer then saves the
// input under build/fuzz/artifacts/ and `make fuzz` fails.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "util/crc32.h"
#include "util/status.h"

namespace embedlab_fuzz {

[[noreturn]] inline void fuzz_fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz property failed: %s: %s\n", what, detail.c_str());
  std::abort();
}

// A rejected input must come back as a non-empty message on one line.
inline void check_one_line(const embedlab::Status& s) {
  if (s.ok()) return;
  if (s.message().empty() || s.message().find_first_of("\r\n") != std::string::npos)
    fuzz_fail("the error message is empty or spans lines", "\"" + s.message() + "\"");
}

// The input with its last 4 bytes replaced by the little-endian CRC-32 of the bytes
// before them. Random bytes almost never carry the right checksum, so without this
// the fuzzer would stop at the checksum test; with it, it reaches the parser behind.
inline std::string with_crc_repaired(const std::string& bytes) {
  if (bytes.size() < 4) return bytes;
  std::string out = bytes;
  const uint32_t crc = embedlab::crc32(out.data(), out.size() - 4);
  for (int i = 0; i < 4; i++) out[out.size() - 4 + i] = char((crc >> (8 * i)) & 0xFF);
  return out;
}

}  // namespace embedlab_fuzz
