// libFuzzer target: the hand-written pre-tokenizers (GPT-2's, cl100k's, o200k's) against
// PCRE2 running the published patterns (a differential target). Proves, for every byte string the
// fuzzer tries, valid UTF-8 or not: no crash or undefined behaviour in either path;
// the pieces are non-empty and cover the text exactly, in order; and the fast path
// gives exactly PCRE2's pieces, unless the text holds a code point whose class (or, for
// o200k, case) the two Unicode tables disagree on (Unicode 16.0 vs PCRE2's 14.0: letters and numbers
// added since, and U+180E). Pattern "none" gives the whole text as one piece.
// (check_pretokenize in fuzz_checks.h.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (std::string e = embedlab_fuzz::check_pretokenize(text); !e.empty())
    embedlab_fuzz::fuzz_fail("pretokenize", e);
  return 0;
}
