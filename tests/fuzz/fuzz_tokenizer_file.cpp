// libFuzzer target: the tokenizer file reader, Tokenizer::deserialize (what
// Tokenizer::load runs on the file's bytes). Proves, for every input (as given, and
// with its checksum line repaired so the checks behind it run too): no crash, no
// out-of-bounds read, no undefined behaviour, no leak, no allocation beyond 2 GB (a
// chain of merges that doubles a token is refused at kMaxTokenBytes); a rejection is
// a one-line message; and a loaded tokenizer is whole (check_loaded_tokenizer in
// fuzz_checks.h): it saves and loads again unchanged, and encodes and decodes the
// input itself back exactly under every special-token policy.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (const std::string& input : {bytes, embedlab_fuzz::with_checksum_line_repaired(bytes)})
    if (std::string e = embedlab_fuzz::check_tokenizer_file(input); !e.empty())
      embedlab_fuzz::fuzz_fail("tokenizer file", e);
  return 0;
}
