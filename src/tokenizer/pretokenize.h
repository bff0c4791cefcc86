// Pre-tokenization: split text into pieces before BPE, so merges never cross a
// piece boundary (no token spans " dog." and the next word).
// GPT-2's published split pattern is
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// e.g. "Hello world's  2024!!" -> "Hello" " world" "'s" " " " 2024" "!!"
// Text is bytes. Invalid UTF-8 never matches any part of the pattern (PCRE2's
// MATCH_INVALID_UTF rule): each run of bytes between two matches is its own piece,
// so the pieces always cover the text exactly and decode(encode(x)) == x.
// Pattern "none" keeps the whole text as one piece (BPE over everything, as in
// the classic "aaabdaaabac" example).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace embedlab {

enum class Pattern { kGpt2, kNone };

extern const char kGpt2PatternText[];

const char* pattern_name(Pattern p);  // "gpt2" or "none"
Status parse_pattern(const std::string& name, Pattern* out);

// Appends the pieces of `text` to *pieces (views into `text`), in order; their
// concatenation is `text`. Empty text gives no pieces.
void pretokenize(Pattern p, std::string_view text, std::vector<std::string_view>* pieces);

// The GPT-2 split one piece at a time, without a vector (the fast path behind
// pretokenize(kGpt2, ...)): a hand-written scanner for the pattern above.
//   Gpt2Splitter split(text);
//   for (std::string_view piece; split.next(&piece);) use(piece);
// It follows the reference tokenizer's classes (unicode_classes.h): Unicode 16.0,
// \s = White_Space. It equals pretokenize_pcre2 except on the few code points
// where PCRE2's own tables differ (its Unicode version, and U+180E which PCRE2's
// \s includes); tests/tokenizer/pretokenize_test.cpp lists them.
class Gpt2Splitter {
 public:
  explicit Gpt2Splitter(std::string_view text)
      : p_(text.data()), end_(text.data() + text.size()) {}
  // Sets *piece to the next piece and returns true, or returns false at the end.
  bool next(std::string_view* piece);

 private:
  const char* p_;
  const char* end_;
};

// The same GPT-2 split computed by PCRE2 running kGpt2PatternText: the reference
// that the fast path is tested against.
void pretokenize_pcre2(std::string_view text, std::vector<std::string_view>* pieces);

}  // namespace embedlab
