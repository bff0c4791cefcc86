#include "tokenizer/pretokenize.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "text/utf8.h"
#include "tokenizer/unicode_classes.h"

namespace embedlab {

const char kGpt2PatternText[] =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const char kCl100kPatternText[] =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|)"
    R"(\s*[\r\n]|\s+(?!\S)|\s+)";
const char kO200kPatternText[] =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+)"
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)?|)"
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*)"
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)?|)"
    R"(\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

namespace {

struct PatternName {
  Pattern pattern;
  const char* name;
  const char* regex;
};
constexpr PatternName kPatterns[] = {
    {Pattern::kGpt2, "gpt2", kGpt2PatternText},
    {Pattern::kCl100k, "gpt4", kCl100kPatternText},
    {Pattern::kO200k, "o200k", kO200kPatternText},
    {Pattern::kNone, "none", nullptr},
};

}  // namespace

const char* pattern_name(Pattern p) {
  for (const PatternName& n : kPatterns)
    if (n.pattern == p) return n.name;
  return "none";
}

const char* pattern_regex(Pattern p) {
  for (const PatternName& n : kPatterns)
    if (n.pattern == p) return n.regex;
  return nullptr;
}

Status parse_pattern(const std::string& name, Pattern* out) {
  for (const PatternName& n : kPatterns)
    if (name == n.name) {
      *out = n.pattern;
      return Status();
    }
  return Status::bad_input("unknown pattern '" + printable(name) +
                           "', expected gpt2, gpt4 (cl100k), o200k or none");
}

namespace {

// A compiled pattern, built once (JIT when available).
struct Regex {
  pcre2_code* code = nullptr;
  bool jit = false;
  explicit Regex(const char* text) {
    int err = 0;
    PCRE2_SIZE off = 0;
    code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text), PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, nullptr);
    if (!code) {  // the patterns are constants: failing here is a build problem
      std::fprintf(stderr, "embedlab: PCRE2 cannot compile the pattern %s (error %d at %zu)\n",
                   text, err, size_t(off));
      std::abort();
    }
    jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  }
  ~Regex() { pcre2_code_free(code); }
};

const Regex& regex_of(Pattern p) {
  static const Regex gpt2(kGpt2PatternText), cl100k(kCl100kPatternText), o200k(kO200kPatternText);
  return p == Pattern::kCl100k ? cl100k : p == Pattern::kO200k ? o200k : gpt2;
}

}  // namespace

void pretokenize_pcre2(Pattern p, std::string_view text, std::vector<std::string_view>* pieces) {
  if (p == Pattern::kNone) {
    if (!text.empty()) pieces->push_back(text);
    return;
  }
  const Regex& re = regex_of(p);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re.code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t pos = 0, covered = 0;
  while (pos < text.size()) {
    int rc = re.jit ? pcre2_jit_match(re.code, subject, text.size(), pos, 0, md, nullptr)
                    : pcre2_match(re.code, subject, text.size(), pos, 0, md, nullptr);
    if (rc < 0) break;  // no further match: the rest is invalid UTF-8
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    size_t start = ov[0], end = ov[1];
    if (start > covered) pieces->push_back(text.substr(covered, start - covered));
    if (end == start) {  // cannot happen with these patterns; guard against a loop anyway
      pos = end + 1;
      continue;
    }
    pieces->push_back(text.substr(start, end - start));
    covered = pos = end;
  }
  if (covered < text.size()) pieces->push_back(text.substr(covered));
  pcre2_match_data_free(md);
}

void pretokenize_pcre2(std::string_view text, std::vector<std::string_view>* pieces) {
  pretokenize_pcre2(Pattern::kGpt2, text, pieces);
}

// The scanner. At each position the pattern's alternatives are tried in order and
// the first that matches wins, exactly as the regex engine does:
//   's 't 're 've 'm 'll 'd  a contraction (lowercase only)
//    ?\p{L}+   ?\p{N}+        an optional space, then a run of letters or numbers
//    ?[^\s\p{L}\p{N}]+       an optional space, then a run of other characters
//   \s+(?!\S)                white space, giving back its last character when
//                            a non-space follows ("   a" -> "  " then " a")
//   \s+                      a single white-space character before a non-space
// Invalid UTF-8 belongs to no class, not even "other", and (?!\S) succeeds before
// it; the scanner makes each run of invalid bytes one piece, as PCRE2 leaves it
// unmatched between two matches.
namespace {

constexpr uint8_t kSpace = uint8_t(CharClass::kSpace);
constexpr uint8_t kLetter = uint8_t(CharClass::kLetter);
constexpr uint8_t kNumber = uint8_t(CharClass::kNumber);
constexpr uint8_t kOther = uint8_t(CharClass::kOther);
constexpr uint8_t kInvalid = 4;

struct Char {
  uint8_t cls;  // a CharClass, or kInvalid
  int len;      // bytes
};

inline Char char_at(const char* p, const char* end) {
  const unsigned char b = static_cast<unsigned char>(*p);
  if (b < 0x80) return {unicode_detail::kBmpClass[b], 1};
  uint32_t cp;
  int n = utf8_decode(p, end, &cp);
  if (n < 0) return {kInvalid, -n};
  return {uint8_t(unicode_class(cp)), n};
}

// How many of the 8 bytes at p are ASCII letters before the first byte that is
// not, 0 to 8: a whole word is tested at once, with no branch per byte.
// Per byte b (t = b & 0x7F): the top bit of (250 - t) says t < 0x7B, that of
// (t + 31) says t > 0x60, and ~b's top bit says b is ASCII; folding case first
// (b | 0x20) maps 'A'..'Z' onto 'a'..'z' = 0x61..0x7A. No byte borrows from or
// carries into its neighbour, so the flags are exact.
inline int ascii_letter_prefix(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
  const uint64_t v = x | (kOnes * 0x20);
  const uint64_t t = v & (kOnes * 0x7F);
  const uint64_t letter = (kOnes * 250 - t) & ~v & (t + kOnes * 31) & (kOnes * 0x80);
  const uint64_t not_letter = ~letter & (kOnes * 0x80);
  return not_letter ? __builtin_ctzll(not_letter) >> 3 : 8;  // the first byte is the lowest
#else
  (void)p;
  return 0;  // the byte loop below does the work
#endif
}

// The end of the run of class `cls` starting at p. ASCII takes one table load.
__attribute__((always_inline)) inline const char* skip_run(const char* p, const char* end,
                                                           uint8_t cls) {
  if (cls == uint8_t(CharClass::kLetter)) {
    while (end - p >= 8) {
      int k = ascii_letter_prefix(p);
      p += k;
      if (k < 8) break;
    }
  }
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      if (unicode_detail::kBmpClass[b] != cls) break;
      p++;
    } else {
      Char c = char_at(p, end);
      if (c.cls != cls) break;
      p += c.len;
    }
  }
  return p;
}

// The end of a contraction starting at p (p[0] == '\''), or nullptr.
inline const char* contraction_end(const char* p, const char* end) {
  if (end - p < 2) return nullptr;
  const char a = p[1];
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return p + 2;
  if (end - p >= 3 && (((a == 'r' || a == 'v') && p[2] == 'e') || (a == 'l' && p[2] == 'l')))
    return p + 3;
  return nullptr;
}

inline bool is_line_end(char ch) { return ch == '\r' || ch == '\n'; }

// The end of a contraction in any case ('s 'S 'll 'lL 'VE ...) at p, or nullptr, for
// '(?i:[sdmt]|ll|ve|re) and (?i:'s|'t|'re|'ve|'m|'ll|'d). Case folding also makes
// U+017F LATIN SMALL LETTER LONG S match s, in both regex engines.
// (b | 0x20) == 's' holds for exactly 'S' and 's', and so on for each letter.
inline const char* contraction_end_any_case(const char* p, const char* end) {
  if (end - p < 2 || *p != '\'') return nullptr;
  const char a = char(p[1] | 0x20);
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return p + 2;
  if (end - p < 3) return nullptr;
  const char b = char(p[2] | 0x20);
  if ((a == 'l' && b == 'l') || (a == 'v' && b == 'e') || (a == 'r' && b == 'e')) return p + 3;
  if (static_cast<unsigned char>(p[1]) == 0xC5 && static_cast<unsigned char>(p[2]) == 0xBF)
    return p + 3;  // 'ſ
  return nullptr;
}

// The end of the white-space piece at p (c, its first character, is a space):
//   \s*[\r\n]     (with line_ends) the run up to and with its last line end;
//   \s+(?!\S)     the run, giving back its last character when a non-space follows
//                 ("   a" -> "  " then " a"); before invalid bytes (?!\S) holds;
//   \s+           one character, when the run is one character before a non-space.
inline const char* space_piece_end(const char* p, const char* end, Char c, bool line_ends) {
  const char* last = p;  // the start of the run's last character
  const char* q = p + c.len;
  const char* after_line_end = is_line_end(*p) ? q : nullptr;
  while (q < end) {
    Char w = char_at(q, end);
    if (w.cls == kSpace) {
      last = q;
      q += w.len;
      if (is_line_end(*last)) after_line_end = q;
      continue;
    }
    if (line_ends && after_line_end) return after_line_end;
    // A non-space follows: (?!\S) fails at q but holds at `last`, unless the run
    // is one character long (then \s+ takes it). Before invalid bytes it holds.
    return w.cls != kInvalid && last > p ? last : q;
  }
  return line_ends && after_line_end ? after_line_end : q;
}

// The character after c (at p), or an invalid one at the end of the text.
inline Char char_after(const char* p, const char* end, Char c) {
  return p + c.len < end ? char_at(p + c.len, end) : Char{kInvalid, 0};
}

// cl100k's and o200k's last alternatives at p, where c (then d) is other or white
// space:  ?[^\s\p{L}\p{N}]+ then the line ends after it ([\r\n]*), and for o200k
// also slashes ([\r\n/]*); else the white-space alternatives.
inline const char* other_or_space_piece_end(const char* p, const char* end, Char c, Char d,
                                            bool slashes) {
  if (c.cls != kOther && !(*p == ' ' && d.cls == kOther)) return space_piece_end(p, end, c, true);
  const char* q = skip_run(c.cls == kOther ? p + c.len : p + c.len + d.len, end, kOther);
  while (q < end && (is_line_end(*q) || (slashes && *q == '/'))) q++;
  return q;
}

// \p{N}{1,3} at p (c, its first character, is a number).
inline const char* number_piece_end(const char* p, const char* end, Char c) {
  const char* q = p + c.len;
  for (int k = 1; k < 3 && q < end; k++) {
    const Char d = char_at(q, end);
    if (d.cls != uint8_t(CharClass::kNumber)) break;
    q += d.len;
  }
  return q;
}

// ---- o200k's word alternatives ----

struct Cased {
  CaseClass kase;  // kNoCase for invalid bytes
  int len;
};

inline Cased case_at(const char* p, const char* end) {
  const unsigned char b = static_cast<unsigned char>(*p);
  if (b < 0x80) return {CaseClass(unicode_detail::kBmpCase[b]), 1};
  uint32_t cp;
  int n = utf8_decode(p, end, &cp);
  if (n < 0) return {CaseClass::kNoCase, -n};
  return {unicode_case(cp), n};
}

inline bool in_u(CaseClass k) { return k == CaseClass::kUpper || k == CaseClass::kUncased || k == CaseClass::kMark; }
inline bool in_w(CaseClass k) { return k == CaseClass::kLower || k == CaseClass::kUncased || k == CaseClass::kMark; }

// The end of the run of W characters at q.
inline const char* w_run_end(const char* q, const char* end) {
  while (q < end) {
    const Cased k = case_at(q, end);
    if (!in_w(k.kase)) break;
    q += k.len;
  }
  return q;
}

// U*W+ at s, or nullptr. U* first takes the whole run of U characters; if a lower-case
// letter follows, W+ runs on from it. If not, U* gives back characters until W+ can
// start: at the run's last character that is also in W (uncased or a mark), where W+
// takes just that one, since what follows it is upper case or ends the run.
inline const char* u_star_w_plus_end(const char* s, const char* end) {
  const char* q = s;
  const char* after_last_w = nullptr;
  while (q < end) {
    const Cased k = case_at(q, end);
    if (!in_u(k.kase)) {
      if (k.kase == CaseClass::kLower) return w_run_end(q + k.len, end);
      break;
    }
    q += k.len;
    if (in_w(k.kase)) after_last_w = q;
  }
  return after_last_w;
}

// U+W* at s, or nullptr.
inline const char* u_plus_w_star_end(const char* s, const char* end) {
  const char* q = s;
  while (q < end) {
    const Cased k = case_at(q, end);
    if (!in_u(k.kase)) break;
    q += k.len;
  }
  return q == s ? nullptr : w_run_end(q, end);
}

// The first two alternatives of o200k at p (c: the character there), or nullptr.
// Each first tries with the optional leading character P, then without it.
inline const char* o200k_word_end(const char* p, const char* end, Char c) {
  const bool lead = (c.cls == uint8_t(CharClass::kOther) || c.cls == kSpace) && !is_line_end(*p);
  const char* q = nullptr;
  if (lead) q = u_star_w_plus_end(p + c.len, end);
  if (!q) q = u_star_w_plus_end(p, end);
  if (!q && lead) q = u_plus_w_star_end(p + c.len, end);
  if (!q) q = u_plus_w_star_end(p, end);
  if (!q) return nullptr;
  const char* after = contraction_end_any_case(q, end);
  return after ? after : q;
}

// The end of the piece at p under pattern P, where c, the character at p, is valid
// UTF-8: the pattern's own alternatives, tried in order. One specialisation a pattern.
template <Pattern P>
const char* piece_end(const char* p, const char* end, Char c);

// GPT-2: the alternatives listed above the scanner.
template <>
inline const char* piece_end<Pattern::kGpt2>(const char* p, const char* end, Char c) {
  if (*p == '\'') {
    if (const char* q = contraction_end(p, end)) return q;
  }
  const char* body = p;  // where the run starts, after an optional leading space
  if (*p == ' ' && p + 1 < end) {
    Char after = char_at(p + 1, end);
    if (after.cls != kSpace && after.cls != kInvalid) body = p + 1, c = after;
  }
  if (c.cls != kSpace) return skip_run(body + c.len, end, c.cls);
  return space_piece_end(p, end, c, false);
}

// cl100k ("gpt4"), alternative by alternative:
//   '(?i:[sdmt]|ll|ve|re)       a contraction, in any case
//   [^\r\n\p{L}\p{N}]?+\p{L}+   letters, after at most one character that is neither a
//                              line end, a letter nor a number (" word", "$word", "\tword")
//   \p{N}{1,3}                  one to three numbers ("12345" -> "123" "45")
//    ?[^\s\p{L}\p{N}]++[\r\n]*   other characters, after an optional space, with the
//                              line ends that follow them
//   \s*[\r\n]                  white space up to its last line end
//   \s+(?!\S) and \s+           as in GPT-2's pattern
template <>
inline const char* piece_end<Pattern::kCl100k>(const char* p, const char* end, Char c) {
  if (*p == '\'') {
    if (const char* q = contraction_end_any_case(p, end)) return q;
  }
  if (c.cls == kLetter) return skip_run(p + c.len, end, kLetter);
  if (c.cls == kNumber) return number_piece_end(p, end, c);
  // c is other or white space: a word may follow it.
  const Char d = char_after(p, end, c);
  if (d.cls == kLetter && !is_line_end(*p)) return skip_run(p + c.len + d.len, end, kLetter);
  return other_or_space_piece_end(p, end, c, d, false);
}

// o200k, alternative by alternative, with U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (upper,
// uncased, marks) and W = [\p{Ll}\p{Lm}\p{Lo}\p{M}] (lower, uncased, marks), C the
// contractions (?i:'s|'t|'re|'ve|'m|'ll|'d) and P = [^\r\n\p{L}\p{N}]:
//   P?U*W+C?         a word that ends in lower case ("Hello", " hello's", "camel")
//   P?U+W*C?         a word in upper case ("HELLO", " CASE")
//   \p{N}{1,3}       one to three numbers
//    ?[^\s\p{L}\p{N}]+[\r\n/]*   other characters with the line ends and slashes after them
//   \s*[\r\n]+ then \s+(?!\S) and \s+   white space, as in cl100k
// The two word alternatives backtrack (U and W share the uncased letters and the
// marks); o200k_word_end works out where the regex engine stops.
template <>
inline const char* piece_end<Pattern::kO200k>(const char* p, const char* end, Char c) {
  if (const char* q = o200k_word_end(p, end, c)) return q;
  if (c.cls == kNumber) return number_piece_end(p, end, c);
  return other_or_space_piece_end(p, end, c, char_after(p, end, c), true);
}

}  // namespace

// What every pattern shares: the end of the text, and invalid UTF-8, which no
// alternative of any pattern matches, so each run of it is one piece. piece_end<P>
// is in this file and inlined here: the loop stays one function per pattern.
template <Pattern P>
bool Splitter<P>::next(std::string_view* piece) {
  const char* p = p_;
  const char* end = end_;
  if (p >= end) return false;
  const Char c = char_at(p, end);
  const char* q = c.cls == kInvalid ? skip_run(p + c.len, end, kInvalid) : piece_end<P>(p, end, c);
  *piece = std::string_view(p, size_t(q - p));
  p_ = q;
  return true;
}

// The three splitters the header declares (extern template), compiled once, here.
template class Splitter<Pattern::kGpt2>;
template class Splitter<Pattern::kCl100k>;
template class Splitter<Pattern::kO200k>;

void pretokenize(Pattern p, std::string_view text, std::vector<std::string_view>* pieces) {
  for_each_piece(p, text, [&](std::string_view piece) { pieces->push_back(piece); });
}

}  // namespace embedlab
