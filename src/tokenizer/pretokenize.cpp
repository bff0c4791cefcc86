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

const char* pattern_name(Pattern p) { return p == Pattern::kGpt2 ? "gpt2" : "none"; }

Status parse_pattern(const std::string& name, Pattern* out) {
  if (name == "gpt2") *out = Pattern::kGpt2;
  else if (name == "none") *out = Pattern::kNone;
  else return Status::bad_input("unknown pattern '" + printable(name) + "', expected gpt2 or none");
  return Status();
}

namespace {

// The compiled pattern, built once (JIT when available).
struct Gpt2Regex {
  pcre2_code* code = nullptr;
  bool jit = false;
  Gpt2Regex() {
    int err = 0;
    PCRE2_SIZE off = 0;
    code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kGpt2PatternText), PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, nullptr);
    if (!code) {  // the pattern is a constant: failing here is a build problem
      std::fprintf(stderr, "embedlab: PCRE2 cannot compile GPT-2's pattern (error %d)\n", err);
      std::abort();
    }
    jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  }
  ~Gpt2Regex() { pcre2_code_free(code); }
};

}  // namespace

void pretokenize_pcre2(std::string_view text, std::vector<std::string_view>* pieces) {
  static const Gpt2Regex re;
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
    if (end == start) {  // cannot happen with this pattern; guard against a loop anyway
      pos = end + 1;
      continue;
    }
    pieces->push_back(text.substr(start, end - start));
    covered = pos = end;
  }
  if (covered < text.size()) pieces->push_back(text.substr(covered));
  pcre2_match_data_free(md);
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

}  // namespace

bool Gpt2Splitter::next(std::string_view* piece) {
  const char* p = p_;
  const char* end = end_;
  if (p >= end) return false;
  const char* q;  // the end of the piece
  Char c = char_at(p, end);
  if (c.cls == kInvalid) {
    q = skip_run(p + c.len, end, kInvalid);
  } else if (*p == '\'' && (q = contraction_end(p, end)) != nullptr) {
  } else {
    const char* body = p;  // where the run starts, after an optional leading space
    if (*p == ' ' && p + 1 < end) {
      Char after = char_at(p + 1, end);
      if (after.cls != kSpace && after.cls != kInvalid) body = p + 1, c = after;
    }
    if (c.cls != kSpace) {
      q = skip_run(body + c.len, end, c.cls);
    } else {
      const char* last = p;  // the start of the run's last character
      q = p + c.len;
      while (q < end) {
        Char w = char_at(q, end);
        if (w.cls == kSpace) {
          last = q;
          q += w.len;
          continue;
        }
        // A non-space follows: (?!\S) fails at q but holds at `last`, unless the run
        // is one character long (then \s+ takes it). Before invalid bytes it holds.
        if (w.cls != kInvalid && last > p) q = last;
        break;
      }
    }
  }
  *piece = std::string_view(p, size_t(q - p));
  p_ = q;
  return true;
}

void pretokenize(Pattern p, std::string_view text, std::vector<std::string_view>* pieces) {
  if (text.empty()) return;
  if (p == Pattern::kNone) {
    pieces->push_back(text);
    return;
  }
  Gpt2Splitter split(text);
  for (std::string_view piece; split.next(&piece);) pieces->push_back(piece);
}

}  // namespace embedlab
