#include "tokenizer/pretokenize.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "gpt2_fixture.h"
#include "test_util.h"
#include "text/utf8.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode_classes.h"
#include "util/rng.h"

using namespace embedlab;

using Pieces = std::vector<std::string>;

static Pieces split(Pattern p, const std::string& s) {
  std::vector<std::string_view> v;
  pretokenize(p, s, &v);
  return Pieces(v.begin(), v.end());
}

static Pieces split_pcre2(const std::string& s, Pattern p = Pattern::kGpt2) {
  std::vector<std::string_view> v;
  pretokenize_pcre2(p, s, &v);
  return Pieces(v.begin(), v.end());
}

// Both the scanner and PCRE2 give `expect` (derived by hand from the pattern).
static void expect_split(const std::string& text, const Pieces& expect, Pattern p = Pattern::kGpt2) {
  EXPECT_EQ(split(p, text), expect) << pattern_name(p) << " scanner on \"" << text << "\"";
  EXPECT_EQ(split_pcre2(text, p), expect) << pattern_name(p) << " PCRE2 on \"" << text << "\"";
}

TEST(Pretokenize, Gpt2SplitsWordsContractionsNumbersAndSpaces) {
  // The space before "2024" joins it; the run of two spaces gives " " to the next
  // word's alternative, keeping one for itself.
  expect_split("Hello world's  2024!!", {"Hello", " world", "'s", " ", " 2024", "!!"});
  // "\s+(?!\S)" backs off one character before a non-space, so "\n\n" before
  // "b" splits into "\n" and "\n"; trailing spaces stay one piece.
  expect_split("a\n\nb  ", {"a", "\n", "\n", "b", "  "});
  expect_split("abc123 3.14", {"abc", "123", " 3", ".", "14"});
}

TEST(Pretokenize, ContractionsAreLowercaseOnly) {
  expect_split("he's they'll I'd we've you're can't I'm",
               {"he", "'s", " they", "'ll", " I", "'d", " we", "'ve", " you", "'re", " can",
                "'t", " I", "'m"});
  // "'S" is no contraction: the apostrophe is an "other" character on its own.
  expect_split("HE'S 'S", {"HE", "'", "S", " '", "S"});
  expect_split("'LL'Re", {"'", "LL", "'", "Re"});
  // A contraction matches whatever follows it, and an apostrophe inside a run of
  // punctuation is part of the run.
  expect_split("'sa 're' !!'s", {"'s", "a", " '", "re", "'", " !!'", "s"});
  expect_split("'", {"'"});
  expect_split("'l", {"'", "l"});
}

TEST(Pretokenize, NumbersOfOtherScriptsLettersAndMarks) {
  // Arabic-Indic 3 4 (Nd), Devanagari 0 1 (Nd), Roman numeral twelve U+216B (Nl),
  // superscript two (No) are all \p{N}.
  expect_split("x \xD9\xA3\xD9\xA4 \xE0\xA5\xA6\xE0\xA5\xA7 \xE2\x85\xAB \xC2\xB2",
               {"x", " \xD9\xA3\xD9\xA4", " \xE0\xA5\xA6\xE0\xA5\xA7", " \xE2\x85\xAB",
                " \xC2\xB2"});
  // A combining acute accent U+0301 is a mark, not a letter: "e\u0301" splits.
  expect_split("cafe\xCC\x81 ok", {"cafe", "\xCC\x81", " ok"});
  // Devanagari "हिंदी": the vowel signs are marks too.
  expect_split("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80",
               {"\xE0\xA4\xB9", "\xE0\xA4\xBF\xE0\xA4\x82", "\xE0\xA4\xA6", "\xE0\xA5\x80"});
  expect_split("\xE4\xB8\xAD\xE6\x96\x87 \xCE\xB1\xCE\xB2 \xD0\xB6",  // "中文 αβ ж"
               {"\xE4\xB8\xAD\xE6\x96\x87", " \xCE\xB1\xCE\xB2", " \xD0\xB6"});
}

TEST(Pretokenize, EmojiAreOtherCharacters) {
  // U+1F44B waving hand + U+1F3FD skin tone, then "!": one run of other characters.
  expect_split("hi \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD!", {"hi", " \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD!"});
  // A ZWJ family (man ZWJ woman ZWJ girl) stays one piece; a letter ends it.
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
  expect_split(family + "ok", {family, "ok"});
}

TEST(Pretokenize, WhiteSpaceRunsTabsAndLineEnds) {
  expect_split("a\r\nb", {"a", "\r", "\n", "b"});
  expect_split("a\r\n\r\nb", {"a", "\r\n\r", "\n", "b"});
  expect_split("\tif x:\n\t\treturn", {"\t", "if", " x", ":", "\n\t", "\t", "return"});
  expect_split("a    b", {"a", "   ", " b"});
  expect_split("a   ", {"a", "   "});
  expect_split("   ", {"   "});
  expect_split(" ", {" "});
  expect_split(" \n", {" \n"});
}

TEST(Pretokenize, UnicodeWhiteSpace) {
  // NBSP U+00A0 is white space but not ' ': it never joins the next word.
  expect_split("a\xC2\xA0" "b", {"a", "\xC2\xA0", "b"});
  expect_split("a \xC2\xA0" "b", {"a", " ", "\xC2\xA0", "b"});
  // Ideographic space U+3000 between CJK letters.
  expect_split("\xE4\xB8\xAD\xE3\x80\x80\xE6\x96\x87", {"\xE4\xB8\xAD", "\xE3\x80\x80", "\xE6\x96\x87"});
  // NEL U+0085 at the end, line separator U+2028 before " b".
  expect_split("a\xC2\x85\xC2\x85", {"a", "\xC2\x85\xC2\x85"});
  expect_split("a\xE2\x80\xA8 b", {"a", "\xE2\x80\xA8", " b"});
  // U+000B and U+000C are \s; U+001C..U+001F (not White_Space) are other.
  expect_split("a\x0B\x0C" "b\x1C", {"a", "\x0B", "\x0C", "b", "\x1C"});
}

TEST(Pretokenize, MongolianVowelSeparatorFollowsTheReference) {
  // U+180E left White_Space in Unicode 6.3. Rust's regex (tiktoken) treats it as
  // other; PCRE2's \s still includes it (through \h). The scanner follows tiktoken.
  const std::string mvs = "\xE1\xA0\x8E";
  EXPECT_EQ(split(Pattern::kGpt2, mvs + "!"), (Pieces{mvs + "!"}));
  EXPECT_EQ(split_pcre2(mvs + "!"), (Pieces{mvs, "!"}));
}

TEST(Pretokenize, InvalidUtf8BytesBecomeTheirOwnPieces) {
  expect_split("ab\xff\xfe cd", {"ab", "\xff\xfe", " cd"});
  // Invalid bytes end a run of letters or punctuation.
  expect_split("ab\xFF" "cd", {"ab", "\xFF", "cd"});
  expect_split("!\xFF!", {"!", "\xFF", "!"});
  // (?!\S) succeeds before invalid bytes, so a space run keeps all its spaces, and
  // ' ?' never takes a space in front of an invalid byte.
  expect_split("a \xFF", {"a", " ", "\xFF"});
  expect_split("x  \xFF", {"x", "  ", "\xFF"});
  // Truncated multi-byte characters at the end.
  expect_split("abc\xE2\x82", {"abc", "\xE2\x82"});
  expect_split("\xC3\xA9\xC3", {"\xC3\xA9", "\xC3"});
  expect_split("hi\xF0\x9F\x98", {"hi", "\xF0\x9F\x98"});
  // Lone continuation bytes.
  expect_split("a\x80" "b", {"a", "\x80", "b"});
  expect_split("\x80\x80 a", {"\x80\x80", " a"});
  // Overlong encodings, an encoded surrogate, a code point above U+10FFFF.
  expect_split("\xC0\xAFx", {"\xC0\xAF", "x"});
  expect_split("\xE0\x80\xAF", {"\xE0\x80\xAF"});
  expect_split("a\xED\xA0\x80" "b", {"a", "\xED\xA0\x80", "b"});
  expect_split("\xF4\x90\x80\x80 z", {"\xF4\x90\x80\x80", " z"});
  // A broken sequence followed by a whole "€" (other): the euro sign is valid.
  expect_split("\xE2\xE2\x82\xAC", {"\xE2", "\xE2\x82\xAC"});
  // Between contraction letters.
  expect_split("'\xFFs", {"'", "\xFF", "s"});
}

TEST(Pretokenize, NoneKeepsOnePiece) {
  EXPECT_EQ(split(Pattern::kNone, "aaabdaaabac"), (Pieces{"aaabdaaabac"}));
  EXPECT_TRUE(split(Pattern::kNone, "").empty());
  EXPECT_TRUE(split(Pattern::kGpt2, "").empty());
}

TEST(Pretokenize, SplitterStreamsTheSamePieces) {
  const std::string text = "It's 2024: \xE4\xB8\xAD\xE6\x96\x87, \xFF  ok\n";
  std::vector<std::string_view> all;
  pretokenize(Pattern::kGpt2, text, &all);
  Gpt2Splitter split(text);
  size_t i = 0;
  for (std::string_view piece; split.next(&piece); i++) {
    ASSERT_LT(i, all.size());
    EXPECT_EQ(piece.data(), all[i].data());  // views into `text`, no copies
    EXPECT_EQ(piece, all[i]);
  }
  EXPECT_EQ(i, all.size());
}

TEST(Pretokenize, Cl100kSplitsByHand) {
  const Pattern c = Pattern::kCl100k;
  // Numbers go 1 to 3 digits at a time and never take the space before them; the
  // space before "2024" is left alone (\s+ takes one character).
  expect_split("Hello world's  2024!!", {"Hello", " world", "'s", " ", " ", "202", "4", "!!"}, c);
  expect_split("12345678", {"123", "456", "78"}, c);
  // Contractions in any case, and U+017F (long s) folds to s.
  expect_split("DON'T They'Ll we'VE", {"DON", "'T", " They", "'Ll", " we", "'VE"}, c);
  expect_split("x'\xC5\xBF", {"x", "'\xC5\xBF"}, c);
  // One character that is neither a line end, a letter nor a number joins a word: a
  // dollar sign, a tab, an apostrophe that is no contraction. Only one: after a space,
  // the apostrophe goes with the space.
  expect_split("$price\tname 'quote", {"$price", "\tname", " '", "quote"}, c);
  // White space up to its last line end is one piece; punctuation keeps the line
  // ends after it.
  expect_split("a\n\n  b", {"a", "\n\n", " ", " b"}, c);
  expect_split("end.\r\n\r\nNext", {"end", ".\r\n\r\n", "Next"}, c);
  expect_split("x  \n", {"x", "  \n"}, c);
  expect_split("  \n\t\tif", {"  \n", "\t", "\tif"}, c);
  // A combining accent is not a letter: it splits "cafe\u0301".
  expect_split("cafe\xCC\x81", {"cafe", "\xCC\x81"}, c);
  // Invalid bytes are their own pieces, as in GPT-2's pattern.
  expect_split("ab\xFF cd \xFF", {"ab", "\xFF", " cd", " ", "\xFF"}, c);
}

TEST(Pretokenize, O200kSplitsByHand) {
  const Pattern o = Pattern::kO200k;
  // Words split where lower case turns to upper, and a run of capitals keeps the
  // first capital of the next word only when lower case follows it.
  expect_split("camelCase XMLHttpRequest HELLOworld", {"camel", "Case", " XMLHttp", "Request", " HELLOworld"}, o);
  expect_split("HELLO world", {"HELLO", " world"}, o);
  // A contraction stays with its word, in any case.
  expect_split("don't DON'T They'Ll", {"don't", " DON'T", " They'Ll"}, o);
  // Marks belong to words: "cafe\u0301" is one piece; a title-case letter (U+01C5)
  // is upper case.
  expect_split("cafe\xCC\x81 \xC7\x85" "a", {"cafe\xCC\x81", " \xC7\x85" "a"}, o);
  // Digits 1 to 3 at a time; punctuation keeps the line ends and slashes after it.
  expect_split("12345", {"123", "45"}, o);
  expect_split("x!\n/\ny", {"x", "!\n/\n", "y"}, o);
  expect_split("a\n\n  b", {"a", "\n\n", " ", " b"}, o);
  expect_split("ab\xFF cd", {"ab", "\xFF", " cd"}, o);
}

TEST(Pretokenize, UnknownPatternNameIsAnError) {
  Pattern p;
  Status s = parse_pattern("gpt5", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown pattern 'gpt5', expected gpt2, gpt4 (cl100k), o200k or none");
}

// ---- The scanner against PCRE2 on random text ----

namespace {

// Pools of code points the random strings are drawn from. None is in the list of
// known class differences below (checked in the test).
const std::vector<std::vector<uint32_t>>& pools() {
  static const std::vector<std::vector<uint32_t>> p = {
      // ASCII: letters (with the contraction letters often), digits, punctuation.
      {'a', 'b', 'e', 'z', 'A', 'S', 'T', 'Z', 's', 't', 'r', 'v', 'm', 'l', 'd', 'e'},
      {'0', '1', '7', '9'},
      {'\'', '\'', '!', '.', ',', '-', '"', '(', '?', '_', '@', '#', '~', 0x7F, 0x01, 0x1F},
      // White space: ASCII, NEL, NBSP, ogham, en quad..hair, line/paragraph
      // separators, narrow NBSP, math space, ideographic space. (Not U+180E.)
      {' ', ' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2000, 0x200A,
       0x2028, 0x2029, 0x202F, 0x205F, 0x3000},
      // Letters: Latin-1, Greek, Cyrillic, Arabic, Devanagari, CJK, Hangul, math bold A.
      {0xE9, 0xDF, 0xF1, 0x3B1, 0x3A9, 0x436, 0x416, 0x628, 0x645, 0x915, 0x939, 0x4E2D,
       0x6587, 0xAC00, 0x1D400, 0x10330},
      // Numbers of other scripts: Arabic-Indic, Devanagari, fullwidth, Roman numeral,
      // superscript two, one half, circled one.
      {0x663, 0x664, 0x966, 0x967, 0xFF11, 0x216B, 0xB2, 0xBD, 0x2460},
      // Marks (not letters): combining acute, Devanagari vowel signs, variation selector.
      {0x301, 0x308, 0x93F, 0x902, 0xFE0F},
      // Emoji, skin tone, ZWJ, other symbols and punctuation: quotes, dash, euro, BOM.
      {0x1F600, 0x1F44B, 0x1F3FD, 0x200D, 0x2764, 0x201C, 0x201D, 0x2014, 0x2026, 0x20AC,
       0xFEFF, 0x3002},
  };
  return p;
}

// Invalid byte sequences: lone and cut-off pieces, overlong, surrogate, too large.
const char* const kInvalidBits[] = {"\x80", "\xBF", "\xFF", "\xFE", "\xC0\x80", "\xC3",
                                    "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80",
                                    "\xF4\x90\x80\x80", "\xF5", "\xE0\x80\xAF"};

std::string random_text(Rng* rng) {
  std::string s;
  int n = int(rng->below(40));
  for (int i = 0; i < n; i++) {
    if (rng->below(20) == 0) {
      s += kInvalidBits[rng->below(sizeof kInvalidBits / sizeof kInvalidBits[0])];
      continue;
    }
    const auto& pool = pools()[rng->below(pools().size())];
    utf8_append(pool[rng->below(pool.size())], &s);
  }
  return s;
}

}  // namespace

TEST(Pretokenize, ScannerEqualsPcre2OnRandomText) {
  Rng rng(20240521);
  const int kStrings = 20000;
  for (int i = 0; i < kStrings; i++) {
    std::string s = random_text(&rng);
    Pieces fast = split(Pattern::kGpt2, s), ref = split_pcre2(s);
    ASSERT_EQ(fast, ref) << "string " << i << ": \"" << utf8_for_display(s) << "\"";
    std::string joined;
    for (const auto& piece : fast) joined += piece;
    ASSERT_EQ(joined, s);
  }
}

namespace {

// The same against PCRE2 for cl100k's and o200k's patterns, with letters of every
// case, marks, slashes and the long s (U+017F) drawn more often.
std::string random_text_with_case(Rng* rng) {
  static const std::vector<uint32_t> kCased = {
      'A', 'a', 'Z', 'z', 'S', 's', 'T', 't', 'L', 'l', 'V', 'v', 'E', 'e', 'R', 'r', 'D', 'M',
      0xC9, 0xE9, 0x394, 0x3B4, 0x416, 0x436,  // upper and lower: Latin, Greek, Cyrillic
      0x1C5, 0x1C8, 0x1F88,                    // title case (Lt)
      0x2B0, 0x2C6, 0xAA, 0x4E2D, 0x3042,      // modifier (Lm) and other (Lo) letters
      0x301, 0x308, 0x93F, 0x20DD, 0x200D,     // marks (Mn, Mc, Me) and ZWJ (Cf)
      '/', '/', '\'', '\'', 0x17F, '\r', '\n'};
  if (rng->below(3) != 0) return random_text(rng);
  std::string s;
  for (uint64_t n = rng->below(40); n > 0; n--) utf8_append(kCased[rng->below(kCased.size())], &s);
  return s;
}

}  // namespace

TEST(Pretokenize, Cl100kAndO200kScannersEqualPcre2OnRandomText) {
  for (Pattern p : {Pattern::kCl100k, Pattern::kO200k}) {
    Rng rng(20240522);
    for (int i = 0; i < 20000; i++) {
      std::string s = random_text_with_case(&rng);
      Pieces fast = split(p, s), ref = split_pcre2(s, p);
      ASSERT_EQ(fast, ref) << pattern_name(p) << " string " << i << ": \"" << utf8_for_display(s) << "\"";
      std::string joined;
      for (const auto& piece : fast) joined += piece;
      ASSERT_EQ(joined, s);
    }
  }
}

namespace {

// All matches of `pattern` in `text` by PCRE2 (for patterns other than ours).
Pieces pcre2_findall(const char* pattern, const std::string& text) {
  int err = 0;
  PCRE2_SIZE off = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, nullptr);
  EXPECT_NE(code, nullptr) << pattern;
  Pieces out;
  if (!code) return out;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  size_t pos = 0;
  while (pos < text.size() &&
         pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), pos, 0, md, nullptr) >= 0) {
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    out.push_back(text.substr(ov[0], ov[1] - ov[0]));
    pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
  }
  pcre2_match_data_free(md);
  pcre2_code_free(code);
  return out;
}

}  // namespace

// The npm tiktoken package spells cl100k's pattern without possessive quantifiers and
// with \s*[\r\n]+ (the Python package has the form in kCl100kPatternText); both split
// every text the same way.
TEST(Pretokenize, Cl100kPatternMatchesThePackagesSpelling) {
  const char kPackage[] =
      R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
  Rng rng(77);
  for (int i = 0; i < 3000; i++) {
    std::string s;
    // Valid UTF-8 only: findall skips what matches nothing, our split keeps it.
    for (uint64_t n = rng.below(40); n > 0; n--) {
      const auto& pool = pools()[rng.below(pools().size())];
      utf8_append(pool[rng.below(pool.size())], &s);
    }
    ASSERT_EQ(pcre2_findall(kPackage, s), pcre2_findall(kCl100kPatternText, s)) << utf8_for_display(s);
  }
}

// ---- The class tables against PCRE2, code point by code point ----

namespace {

struct Difference {
  uint32_t first, last;
  CharClass pcre2, table;
};
constexpr CharClass kO = CharClass::kOther, kL = CharClass::kLetter, kN = CharClass::kNumber,
                    kS = CharClass::kSpace;

// Every code point where PCRE2 10.42 (Unicode 14.0.0) and the table (Unicode 16.0,
// tiktoken's definitions) disagree: U+180E (see MongolianVowelSeparator above),
// then letters and numbers added in Unicode 15.0, 15.1 and 16.0, which PCRE2's
// tables still hold as unassigned (other). Found by the test below; 46 ranges.
constexpr Difference kKnownDifferences[] = {
    {0x180E, 0x180E, kS, kO},    // Mongolian vowel separator: not White_Space since 6.3
    {0x1C89, 0x1C8A, kO, kL},    // Cyrillic TJE (16.0)
    {0xA7CB, 0xA7CD, kO, kL},    {0xA7DA, 0xA7DC, kO, kL},    // Latin additions (16.0)
    {0x105C0, 0x105F3, kO, kL},  // Todhri (16.0)
    {0x10D40, 0x10D49, kO, kN},  {0x10D4A, 0x10D65, kO, kL},  // Garay (16.0)
    {0x10D6F, 0x10D85, kO, kL},
    {0x10EC2, 0x10EC4, kO, kL},  // Arabic extended-C (16.0)
    {0x1123F, 0x11240, kO, kL},  // Khojki (15.0)
    {0x11380, 0x11389, kO, kL},  {0x1138B, 0x1138B, kO, kL},  // Tulu-Tigalari (16.0)
    {0x1138E, 0x1138E, kO, kL},  {0x11390, 0x113B5, kO, kL},
    {0x113B7, 0x113B7, kO, kL},  {0x113D1, 0x113D1, kO, kL},
    {0x113D3, 0x113D3, kO, kL},
    {0x116D0, 0x116E3, kO, kN},  // Myanmar extended-C digits (16.0)
    {0x11BC0, 0x11BE0, kO, kL},  {0x11BF0, 0x11BF9, kO, kN},  // Sunuwar (16.0)
    {0x11F02, 0x11F02, kO, kL},  {0x11F04, 0x11F10, kO, kL},  // Kawi (15.0)
    {0x11F12, 0x11F33, kO, kL},  {0x11F50, 0x11F59, kO, kN},
    {0x1342F, 0x1342F, kO, kL},  {0x13441, 0x13446, kO, kL},  // Egyptian hieroglyphs (15.0)
    {0x13460, 0x143FA, kO, kL},  // Egyptian hieroglyphs extended-A (16.0)
    {0x16100, 0x1611D, kO, kL},  {0x16130, 0x16139, kO, kN},  // Gurung Khema (16.0)
    {0x16D40, 0x16D6C, kO, kL},  {0x16D70, 0x16D79, kO, kN},  // Kirat Rai (16.0)
    {0x18CFF, 0x18CFF, kO, kL},  // Khitan (16.0)
    {0x1B132, 0x1B132, kO, kL},  {0x1B155, 0x1B155, kO, kL},  // small kana (15.0)
    {0x1CCF0, 0x1CCF9, kO, kN},  // outlined digits (16.0)
    {0x1D2C0, 0x1D2D3, kO, kN},  // Kaktovik numerals (15.0)
    {0x1DF25, 0x1DF2A, kO, kL},  // Latin extended-G (15.0)
    {0x1E030, 0x1E06D, kO, kL},  // Cyrillic modifier letters (15.0)
    {0x1E4D0, 0x1E4EB, kO, kL},  {0x1E4F0, 0x1E4F9, kO, kN},  // Nag Mundari (15.0)
    {0x1E5D0, 0x1E5ED, kO, kL},  {0x1E5F0, 0x1E5F0, kO, kL},  // Ol Onal (16.0)
    {0x1E5F1, 0x1E5FA, kO, kN},
    {0x2B739, 0x2B739, kO, kL},  // CJK extension B addition (15.0)
    {0x2EBF0, 0x2EE5D, kO, kL},  // CJK extension I (15.1)
    {0x31350, 0x323AF, kO, kL},  // CJK extension H (15.0)
};

const Difference* known_difference(uint32_t cp) {
  for (const Difference& d : kKnownDifferences)
    if (cp >= d.first && cp <= d.last) return &d;
  return nullptr;
}

// PCRE2's class of one code point: (\p{L})|(\p{N})|(\s) anchored, by capture group.
class Pcre2Classes {
 public:
  Pcre2Classes() {
    int err = 0;
    PCRE2_SIZE off = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(R"((\p{L})|(\p{N})|(\s))"),
                          PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err,
                          &off, nullptr);
    jit_ = code_ && pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
    md_ = pcre2_match_data_create(4, nullptr);
  }
  ~Pcre2Classes() {
    pcre2_match_data_free(md_);
    pcre2_code_free(code_);
  }
  CharClass of(uint32_t cp) {
    std::string s = utf8_encode(cp);
    auto* subject = reinterpret_cast<PCRE2_SPTR>(s.data());
    int rc = jit_ ? pcre2_jit_match(code_, subject, s.size(), 0, 0, md_, nullptr)
                  : pcre2_match(code_, subject, s.size(), 0, 0, md_, nullptr);
    if (rc < 0) return CharClass::kOther;
    // rc is one more than the highest group that matched: 2 letter, 3 number, 4 space.
    return rc == 2 ? CharClass::kLetter : rc == 3 ? CharClass::kNumber : CharClass::kSpace;
  }
  bool ok() const { return code_ != nullptr; }

 private:
  pcre2_code* code_ = nullptr;
  pcre2_match_data* md_ = nullptr;
  bool jit_ = false;
};

std::string pcre2_unicode_version() {
  char buf[32] = {0};
  pcre2_config(PCRE2_CONFIG_UNICODE_VERSION, buf);
  return buf;
}

}  // namespace

TEST(Pretokenize, ClassTablesAgreeWithPcre2ExceptKnownDifferences) {
  Pcre2Classes pcre2;
  ASSERT_TRUE(pcre2.ok());
  // Exact agreement on the list needs the PCRE2 build it was made with; another
  // PCRE2 may know more (or fewer) new characters, and then only differences of
  // the same kind are allowed: a character one side counts as unassigned (other).
  const bool same_build = pcre2_unicode_version() == "14.0.0";
  int differences = 0;
  for (uint32_t cp = 0; cp < 0x110000; cp++) {
    if (!utf8_is_scalar(cp)) continue;
    CharClass ours = unicode_class(cp), theirs = pcre2.of(cp);
    const Difference* known = known_difference(cp);
    if (ours != theirs) differences++;
    if (same_build) {
      CharClass expect_theirs = known ? known->pcre2 : ours;
      ASSERT_EQ(int(theirs), int(expect_theirs)) << "U+" << std::hex << cp;
      if (known) {
        ASSERT_EQ(int(ours), int(known->table)) << "U+" << std::hex << cp;
      }
    } else if (ours != theirs && !known) {
      ASSERT_TRUE(ours == CharClass::kOther || theirs == CharClass::kOther)
          << "U+" << std::hex << cp << " is class " << int(ours) << " here, " << int(theirs)
          << " in PCRE2";
    }
  }
  std::printf("[ info ] %d code points differ between the table (Unicode %s) and "
              "PCRE2 (Unicode %s)\n",
              differences, kUnicodeClassesVersion, pcre2_unicode_version().c_str());
  // Without the differences, the tables must agree on every code point drawn by
  // the random test above.
  for (const auto& pool : pools())
    for (uint32_t cp : pool) EXPECT_EQ(known_difference(cp), nullptr) << "U+" << std::hex << cp;
}

// o200k's case classes against PCRE2's \p{Lu}, \p{Lt}, \p{Ll}, \p{Lm}, \p{Lo}, \p{M}.
// Where they differ, one side must count the code point as unassigned (no case):
// characters new since PCRE2's Unicode version, as for the classes above.
TEST(Pretokenize, CaseTableAgreesWithPcre2ExceptNewCharacters) {
  int err = 0;
  PCRE2_SIZE off = 0;
  pcre2_code* code = pcre2_compile(
      reinterpret_cast<PCRE2_SPTR>(R"(([\p{Lu}\p{Lt}])|(\p{Ll})|([\p{Lm}\p{Lo}])|(\p{M}))"),
      PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &off, nullptr);
  ASSERT_NE(code, nullptr);
  pcre2_match_data* md = pcre2_match_data_create(5, nullptr);
  int differences = 0, cased = 0;
  for (uint32_t cp = 0; cp < 0x110000; cp++) {
    if (!utf8_is_scalar(cp)) continue;
    const std::string s = utf8_encode(cp);
    const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md, nullptr);
    // rc is one more than the group that matched: 2 upper, 3 lower, 4 uncased, 5 mark.
    const CaseClass theirs = rc < 0 ? CaseClass::kNoCase : CaseClass(rc - 1);
    const CaseClass ours = unicode_case(cp);
    cased += ours != CaseClass::kNoCase;
    if (ours == theirs) continue;
    differences++;
    ASSERT_TRUE(ours == CaseClass::kNoCase || theirs == CaseClass::kNoCase)
        << "U+" << std::hex << cp << " has case " << int(ours) << " here, " << int(theirs) << " in PCRE2";
  }
  pcre2_match_data_free(md);
  pcre2_code_free(code);
  std::printf("[ info ] %d code points differ in case between the table and PCRE2 (Unicode %s)\n",
              differences, pcre2_unicode_version().c_str());
  EXPECT_EQ(cased, 141028 + 2501);  // \p{L} and \p{M} in Unicode 16.0 (unicode_classes.inc)
  // The random strings above draw only code points both agree on.
  for (uint32_t cp : {0x1C5u, 0x2B0u, 0x20DDu, 0x93Fu, 0x17Fu})
    EXPECT_NE(unicode_case(cp), CaseClass::kNoCase) << std::hex << cp;
  EXPECT_EQ(unicode_case('A'), CaseClass::kUpper);
  EXPECT_EQ(unicode_case(0x1C5), CaseClass::kUpper);    // ǅ, title case
  EXPECT_EQ(unicode_case('a'), CaseClass::kLower);
  EXPECT_EQ(unicode_case(0x17F), CaseClass::kLower);    // ſ
  EXPECT_EQ(unicode_case(0x2B0), CaseClass::kUncased);  // ʰ, Lm
  EXPECT_EQ(unicode_case(0x4E2D), CaseClass::kUncased); // 中, Lo
  EXPECT_EQ(unicode_case(0x301), CaseClass::kMark);     // combining acute, Mn
  EXPECT_EQ(unicode_class(0x301), CharClass::kOther);
  EXPECT_EQ(unicode_case('7'), CaseClass::kNoCase);
}

TEST(Pretokenize, ClassTableSpotChecks) {
  // Values from the Unicode character database (UnicodeData.txt, PropList.txt).
  EXPECT_EQ(unicode_class('a'), CharClass::kLetter);
  EXPECT_EQ(unicode_class(0xE9), CharClass::kLetter);     // é
  EXPECT_EQ(unicode_class(0xAA), CharClass::kLetter);     // ª, Lo
  EXPECT_EQ(unicode_class(0x4E2D), CharClass::kLetter);   // 中
  EXPECT_EQ(unicode_class(0x1D400), CharClass::kLetter);  // 𝐀 mathematical bold A
  EXPECT_EQ(unicode_class(0x10D50), CharClass::kLetter);  // Garay, new in 16.0
  EXPECT_EQ(unicode_class(0x10940), CharClass::kOther);   // Sidetic, new in 17.0
  EXPECT_EQ(unicode_class('7'), CharClass::kNumber);
  EXPECT_EQ(unicode_class(0x663), CharClass::kNumber);    // Arabic-Indic three
  EXPECT_EQ(unicode_class(0x216B), CharClass::kNumber);   // Roman numeral twelve, Nl
  EXPECT_EQ(unicode_class(0xBD), CharClass::kNumber);     // ½, No
  EXPECT_EQ(unicode_class(0x85), CharClass::kSpace);
  EXPECT_EQ(unicode_class(0xA0), CharClass::kSpace);
  EXPECT_EQ(unicode_class(0x3000), CharClass::kSpace);
  EXPECT_EQ(unicode_class(0x2029), CharClass::kSpace);
  EXPECT_EQ(unicode_class(0x200B), CharClass::kOther);    // zero width space: Cf
  EXPECT_EQ(unicode_class(0xFEFF), CharClass::kOther);    // BOM (JavaScript's \s has it)
  EXPECT_EQ(unicode_class(0x301), CharClass::kOther);     // combining acute, Mn
  EXPECT_EQ(unicode_class(0x1F600), CharClass::kOther);
  EXPECT_EQ(unicode_class(0x10FFFF), CharClass::kOther);
  EXPECT_EQ(unicode_class(0x110000), CharClass::kOther);
  int spaces = 0;
  for (uint32_t cp = 0; cp < 0x110000; cp++) spaces += unicode_class(cp) == CharClass::kSpace;
  EXPECT_EQ(spaces, 25);  // PropList.txt: White_Space has 25 code points
}

// ---- The scanner against the reference tokenizer's ids ----

static const char kParityFixture[] = "tests/fixtures/gpt2_parity.txt";

TEST(Pretokenize, ParityFixtureReadsAndNamesItsSource) {
  embedlab_test::Gpt2Fixture f;
  Status s = embedlab_test::read_gpt2_fixture(kParityFixture, &f);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(f.tiktoken_version, "1.0.22");
  ASSERT_EQ(f.cases.size(), 3001u);  // the stress text and 3000 random strings
  EXPECT_EQ(f.cases[0].name, "stress");
  // "Hello", " world", "!" are GPT-2 ids 15496, 995, 0 (encoder.json).
  ASSERT_GE(f.cases[0].ids.size(), 3u);
  EXPECT_EQ(f.cases[0].ids[0], 15496);
  EXPECT_EQ(f.cases[0].ids[1], 995);
  EXPECT_EQ(f.cases[0].ids[2], 0);
}

TEST(Pretokenize, ParityFixtureTruncatedOrEditedIsAnError) {
  std::string data = embedlab_test::read_text(kParityFixture);
  ASSERT_GT(data.size(), 1000u);
  const std::string dir = embedlab_test::temp_dir();
  embedlab_test::Gpt2Fixture f;
  // Cut after the first lines: no crc32 line.
  size_t cut = data.find("case random1\n");
  ASSERT_NE(cut, std::string::npos);
  embedlab_test::write_text(dir + "/cut.txt", data.substr(0, cut));
  Status s = embedlab_test::read_gpt2_fixture(dir + "/cut.txt", &f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), dir + "/cut.txt: no crc32 line at the end (truncated file?)");
  // One id changed: the CRC no longer matches.
  std::string edited = data;
  size_t ids = edited.find("ids 15496 ");
  ASSERT_NE(ids, std::string::npos);
  edited[ids + 4] = '2';
  embedlab_test::write_text(dir + "/edited.txt", edited);
  s = embedlab_test::read_gpt2_fixture(dir + "/edited.txt", &f);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/edited.txt:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(": CRC-32 of the lines above is "), std::string::npos) << s.message();
}

TEST(Pretokenize, PieceBoundariesAreReferenceTokenBoundaries) {
  // BPE merges never cross a piece boundary, so every end of one of our pieces
  // must be the end of one of tiktoken's tokens. The random strings hold U+180E,
  // characters new in Unicode 15 to 17, and random code points of every plane, so
  // this also checks the class tables against the reference.
  const std::string gpt2 = embedlab_test::gpt2_dir();
  if (gpt2.empty()) GTEST_SKIP() << "GPT-2's files are not in build/gpt2 (run make gpt2)";
  Tokenizer tok;  // only its id -> bytes table is used here
  Status s = Tokenizer::load_named("gpt2", &tok);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(tok.vocab_size(), 50257);
  embedlab_test::Gpt2Fixture f;
  s = embedlab_test::read_gpt2_fixture(kParityFixture, &f);
  ASSERT_TRUE(s.ok()) << s.message();
  size_t pieces = 0;
  for (const auto& c : f.cases) {
    std::string decoded;
    std::vector<bool> token_end(c.text.size() + 1, false);
    for (int32_t id : c.ids) {
      ASSERT_LT(id, tok.vocab_size());
      decoded += tok.token_bytes(id);
      ASSERT_LE(decoded.size(), c.text.size()) << c.name;
      token_end[decoded.size()] = true;
    }
    ASSERT_EQ(decoded, c.text) << c.name << ": the ids do not decode to the text";
    Gpt2Splitter split(c.text);
    size_t offset = 0;
    for (std::string_view piece; split.next(&piece); pieces++) {
      offset += piece.size();
      ASSERT_TRUE(token_end[offset])
          << c.name << ": piece \"" << piece << "\" ends inside a token of the reference";
    }
  }
  EXPECT_GT(pieces, 30000u);
}
