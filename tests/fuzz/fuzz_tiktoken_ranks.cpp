// libFuzzer target: tiktoken's rank-file reader, Tokenizer::parse_tiktoken (what
// load_tiktoken and load_named("cl100k_base") run on a .tiktoken file). Proves, for
// every input: no crash, no out-of-bounds read, no undefined behaviour, no leak, no
// allocation beyond 2 GB, no run over 10 s (the work of entering every pair is
// bounded); a rejection is a one-line message; and a loaded tokenizer follows
// tiktoken's rule, saves as a version 2 tokenizer file that loads again unchanged,
// and encodes and decodes the input itself back exactly (check_tiktoken_ranks).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (std::string e = embedlab_fuzz::check_tiktoken_ranks(bytes); !e.empty())
    embedlab_fuzz::fuzz_fail("tiktoken ranks", e);
  return 0;
}
