// libFuzzer target: the hand-written GPT-2 pre-tokenizer against PCRE2 running the
// published pattern (a differential target). Proves, for every byte string the
// fuzzer tries, valid UTF-8 or not: no crash or undefined behaviour in either path;
// the pieces are non-empty and cover the text exactly, in order; and the fast path
// gives exactly PCRE2's pieces. Pattern "none" gives the whole text as one piece.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "tokenizer/pretokenize.h"

using namespace embedlab;
using embedlab_fuzz::fuzz_fail;

static std::string show(const std::vector<std::string_view>& pieces) {
  std::string s = std::to_string(pieces.size()) + " pieces:";
  for (std::string_view p : pieces) s += " [" + std::string(p) + "]";
  return s;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fast, reference;
  pretokenize(Pattern::kGpt2, text, &fast);
  size_t at = 0;
  for (std::string_view p : fast) {
    if (p.empty()) fuzz_fail("an empty piece", show(fast));
    if (p.data() != text.data() + at) fuzz_fail("the pieces do not cover the text", show(fast));
    at += p.size();
  }
  if (at != text.size()) fuzz_fail("the pieces do not cover the text", show(fast));
  pretokenize_pcre2(text, &reference);
  if (fast != reference)
    fuzz_fail("pretokenize != pretokenize_pcre2", show(fast) + " vs " + show(reference));
  std::vector<std::string_view> whole;
  pretokenize(Pattern::kNone, text, &whole);
  if (text.empty() ? !whole.empty() : (whole.size() != 1 || whole[0] != text))
    fuzz_fail("pattern none is not the whole text", show(whole));
  return 0;
}
