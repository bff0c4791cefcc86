// Pre-tokenization: split text into pieces before BPE, so merges never cross a
// piece boundary (no token spans " dog." and the next word).
// GPT-2's published split pattern is
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// e.g. "Hello world's  2024!!" -> "Hello" " world" "'s" " " " 2024" "!!"
// Text is bytes. Invalid UTF-8 never matches any part of the pattern (PCRE2's
// MATCH_INVALID_UTF rule): each run of bytes between two matches is its own piece,
// so the pieces always cover the text exactly and decode(encode(x)) == x.
// cl100k_base (GPT-4's encoding; the pattern is named "gpt4", as minbpe names it)
// also joins one leading non-letter to a word, takes numbers 1 to 3 digits at a
// time, matches contractions in any case and keeps line ends with what precedes:
//   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|
//   \s*[\r\n]|\s+(?!\S)|\s+
// e.g. "Hello world's  2024!!" -> "Hello" " world" "'s" " " " " "202" "4" "!!"
// o200k_base ("o200k") splits words where the case changes ("camelCase" -> "camel"
// "Case"), keeps a contraction with its word and "/" with the punctuation before it;
// kO200kPatternText is the exact text from tiktoken.
// Pattern "none" keeps the whole text as one piece (BPE over everything, as in
// the classic "aaabdaaabac" example).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace embedlab {

enum class Pattern { kGpt2, kNone, kCl100k, kO200k };

extern const char kGpt2PatternText[];
extern const char kCl100kPatternText[];
extern const char kO200kPatternText[];

const char* pattern_name(Pattern p);  // "gpt2", "gpt4" (cl100k), "o200k" or "none"
Status parse_pattern(const std::string& name, Pattern* out);
// The published regex of a pattern; nullptr for none.
const char* pattern_regex(Pattern p);

// Appends the pieces of `text` to *pieces (views into `text`), in order; their
// concatenation is `text`. Empty text gives no pieces.
void pretokenize(Pattern p, std::string_view text, std::vector<std::string_view>* pieces);

// A split one piece at a time, without a vector (the fast path behind pretokenize):
// a hand-written scanner for one of the patterns above.
//   Gpt2Splitter split(text);
//   for (std::string_view piece; split.next(&piece);) use(piece);
// It follows the reference tokenizer's classes (unicode_classes.h): Unicode 16.0,
// \s = White_Space. It equals pretokenize_pcre2 except on the few code points
// where PCRE2's own tables differ (its Unicode version, and U+180E which PCRE2's
// \s includes); tests/tokenizer/pretokenize_test.cpp lists them.
template <Pattern P>
class Splitter {
 public:
  explicit Splitter(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}
  // Sets *piece to the next piece and returns true, or returns false at the end.
  bool next(std::string_view* piece);

 private:
  const char* p_;
  const char* end_;
};
using Gpt2Splitter = Splitter<Pattern::kGpt2>;
using Cl100kSplitter = Splitter<Pattern::kCl100k>;
using O200kSplitter = Splitter<Pattern::kO200k>;
// next() is defined, for these three patterns only, in pretokenize.cpp.
extern template class Splitter<Pattern::kGpt2>;
extern template class Splitter<Pattern::kCl100k>;
extern template class Splitter<Pattern::kO200k>;

// Calls f(piece) for each piece of `text` under pattern p, in order (what
// pretokenize collects; the encoder and the trainer use it directly).
template <class F>
void for_each_piece(Pattern p, std::string_view text, F&& f) {
  auto run = [&](auto split) {
    for (std::string_view piece; split.next(&piece);) f(piece);
  };
  switch (p) {
    case Pattern::kGpt2: run(Gpt2Splitter(text)); break;
    case Pattern::kCl100k: run(Cl100kSplitter(text)); break;
    case Pattern::kO200k: run(O200kSplitter(text)); break;
    case Pattern::kNone:
      if (!text.empty()) f(text);
      break;
  }
}

// The same split computed by PCRE2 running the pattern's published regex: the
// reference that the fast path is tested against. (Pattern none: one piece.)
void pretokenize_pcre2(Pattern p, std::string_view text, std::vector<std::string_view>* pieces);
// GPT-2's split by PCRE2.
void pretokenize_pcre2(std::string_view text, std::vector<std::string_view>* pieces);

}  // namespace embedlab
