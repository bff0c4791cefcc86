#include "text/utf8.h"

#include <gtest/gtest.h>

using namespace embedlab;

// Decodes the first unit of `s`: its length (negative when invalid) and code point.
static int decode(const std::string& s, uint32_t* cp) {
  *cp = 0xFFFFFFFF;
  return utf8_decode(s.data(), s.data() + s.size(), cp);
}

TEST(Utf8, DecodesOneToFourByteForms) {
  // Values from the Unicode code charts, bytes from the bit layout in utf8.h.
  struct Case { std::string bytes; uint32_t cp; };
  const Case cases[] = {
      {"A", 0x41},                     {std::string(1, '\0'), 0},
      {"\x7F", 0x7F},                  {"\xC2\x80", 0x80},
      {"\xC3\xA9", 0xE9},              {"\xDF\xBF", 0x7FF},
      {"\xE0\xA0\x80", 0x800},         {"\xE2\x82\xAC", 0x20AC},
      {"\xED\x9F\xBF", 0xD7FF},        {"\xEE\x80\x80", 0xE000},
      {"\xEF\xBF\xBF", 0xFFFF},        {"\xF0\x90\x80\x80", 0x10000},
      {"\xF0\x9F\x98\x80", 0x1F600},   {"\xF4\x8F\xBF\xBF", 0x10FFFF},
  };
  for (const Case& c : cases) {
    uint32_t cp;
    EXPECT_EQ(decode(c.bytes + "tail", &cp), int(c.bytes.size())) << std::hex << c.cp;
    EXPECT_EQ(cp, c.cp);
  }
}

TEST(Utf8, InvalidSequencesReturnTheirMaximalSubpart) {
  // -k: the first k bytes form the longest start of a valid sequence (The Unicode
  // Standard, section 3.9, "U+FFFD Substitution of Maximal Subparts").
  struct Case { std::string bytes; int expect; const char* why; };
  const Case cases[] = {
      {"\x80", -1, "lone continuation byte"},
      {"\xBF\x80", -1, "continuation bytes never start a sequence"},
      {"\xC0\x80", -1, "overlong U+0000"},
      {"\xC1\xBF", -1, "overlong U+007F"},
      {"\xE0\x80\x80", -1, "overlong 3-byte form"},
      {"\xF0\x80\x80\x80", -1, "overlong 4-byte form"},
      {"\xED\xA0\x80", -1, "surrogate U+D800"},
      {"\xED\xBF\xBF", -1, "surrogate U+DFFF"},
      {"\xF4\x90\x80\x80", -1, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", -1, "F5 is never a lead byte"},
      {"\xFF", -1, "FF is never a lead byte"},
      {"\xC3", -1, "2-byte form cut at the end"},
      {"\xE2\x82", -2, "3-byte form cut at the end"},
      {"\xE2\x82" "A", -2, "3-byte form interrupted by ASCII"},
      {"\xF0\x9F\x98", -3, "4-byte form cut at the end"},
      {"\xF0\x9F\x98\xF0", -3, "4-byte form interrupted by a lead byte"},
  };
  for (const Case& c : cases) {
    uint32_t cp;
    EXPECT_EQ(decode(c.bytes, &cp), c.expect) << c.why;
    EXPECT_EQ(cp, 0xFFFFFFFFu) << c.why << ": *cp is only written for valid input";
  }
}

TEST(Utf8, EncodeRoundTripsEveryScalarValue) {
  std::string s;
  for (uint32_t cp = 0; cp < 0x110000; cp++) {
    if (!utf8_is_scalar(cp)) continue;
    s = utf8_encode(cp);
    ASSERT_EQ(s.size(), cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u);
    uint32_t back;
    ASSERT_EQ(decode(s, &back), int(s.size()));
    ASSERT_EQ(back, cp);
  }
  EXPECT_EQ(utf8_encode(0x20AC), "\xE2\x82\xAC");
  EXPECT_FALSE(utf8_is_scalar(0xD800));
  EXPECT_FALSE(utf8_is_scalar(0x110000));
}

TEST(Utf8, ValidityOfWholeStrings) {
  EXPECT_TRUE(utf8_is_valid(""));
  EXPECT_TRUE(utf8_is_valid("na\xC3\xAFve caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(utf8_is_valid("abc\xE2\x82"));
  EXPECT_FALSE(utf8_is_valid("\xED\xA0\x80"));
}

TEST(Utf8, DisplayReplacesEachInvalidUnitWithOneReplacementChar) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(utf8_for_display("caf\xC3\xA9"), "caf\xC3\xA9");  // valid text is copied
  EXPECT_EQ(utf8_for_display("a\xFF" "b"), "a" + fffd + "b");
  // E2 82 is one cut-off unit; 80 after a valid char is another.
  EXPECT_EQ(utf8_for_display("\xE2\x82" "A\xC3\xA9\x80"), fffd + "A\xC3\xA9" + fffd);
  // A surrogate is three invalid units: ED cannot take A0, then A0 and 80 are lone.
  EXPECT_EQ(utf8_for_display("\xED\xA0\x80"), fffd + fffd + fffd);
  EXPECT_EQ(utf8_for_display("\xF0\x9F\x98"), fffd);
}

TEST(Utf8, NotTextShareCountsInvalidAndControlBytes) {
  EXPECT_EQ(not_text_share(""), 0.0);
  EXPECT_EQ(not_text_share("plain text\twith\r\nlines\f"), 0.0);
  EXPECT_EQ(not_text_share("caf\xc3\xa9"), 0.0);  // a whole 2-byte character
  EXPECT_EQ(not_text_share(std::string("ab\x00\xff", 4)), 0.5);  // a NUL, a byte starting nothing
  EXPECT_EQ(not_text_share("\xe2\x82"), 1.0);      // a truncated sequence: both bytes
  // utf8_for_each visits whole characters and invalid bytes in order.
  std::string seen;
  utf8_for_each("a\xff\xc3\xa9", [&](const char* p, int n) { seen += "[" + std::string(p, n) + "]"; },
                [&](unsigned char b) { seen += "<" + std::to_string(b) + ">"; });
  EXPECT_EQ(seen, "[a]<255>[\xc3\xa9]");
}
