#include "text/byte_unicode.h"

#include <gtest/gtest.h>

#include <set>

#include "text/utf8.h"

using namespace embedlab;

TEST(ByteUnicode, PublishedValues) {
  // From GPT-2's bytes_to_unicode (openai/gpt-2, encoder.py) and encoder.json,
  // where " the" is "Ġthe" and "\n" is "Ċ".
  EXPECT_EQ(byte_to_unicode('!'), uint32_t('!'));
  EXPECT_EQ(byte_to_unicode('a'), uint32_t('a'));
  EXPECT_EQ(byte_to_unicode('~'), uint32_t('~'));
  EXPECT_EQ(byte_to_unicode(0xA1), 0xA1u);
  EXPECT_EQ(byte_to_unicode(0xFF), 0xFFu);
  EXPECT_EQ(byte_to_unicode(0x00), 0x100u);  // first non-printing byte
  EXPECT_EQ(byte_to_unicode(0x0A), 0x10Au);  // newline "Ċ"
  EXPECT_EQ(byte_to_unicode(0x20), 0x120u);  // space "Ġ"
  EXPECT_EQ(byte_to_unicode(0x7F), 0x121u);  // 33 bytes 00..20 come before it
  EXPECT_EQ(byte_to_unicode(0xA0), 0x142u);
  EXPECT_EQ(byte_to_unicode(0xAD), 0x143u);  // the last of the 68
}

TEST(ByteUnicode, IsABijectionOnto256CodePoints) {
  std::set<uint32_t> seen;
  int printable = 0;
  for (int b = 0; b < 256; b++) {
    uint32_t cp = byte_to_unicode(uint8_t(b));
    seen.insert(cp);
    if (cp == uint32_t(b)) printable++;
    EXPECT_EQ(unicode_to_byte(cp), b);
  }
  EXPECT_EQ(seen.size(), 256u);
  EXPECT_EQ(printable, 188);
  EXPECT_EQ(*seen.rbegin(), 0x143u);
  EXPECT_EQ(unicode_to_byte(' '), -1);     // shown as U+0120 instead
  EXPECT_EQ(unicode_to_byte(0x144), -1);
  EXPECT_EQ(unicode_to_byte(0x20AC), -1);
}

TEST(ByteUnicode, DisplayStringRoundTrip) {
  EXPECT_EQ(bytes_to_display("hi there\n"), "hi\xC4\xA0there\xC4\x8A");  // "hiĠthereĊ"
  // "é" is C3 A9: both bytes print as themselves (Ã ©).
  EXPECT_EQ(bytes_to_display("\xC3\xA9"), "\xC3\x83\xC2\xA9");
  std::string all;
  for (int b = 0; b < 256; b++) all.push_back(char(b));
  std::string display = bytes_to_display(all), back;
  EXPECT_TRUE(utf8_is_valid(display));
  ASSERT_TRUE(display_to_bytes(display, &back).ok());
  EXPECT_EQ(back, all);
}

TEST(ByteUnicode, CharacterOutsideTheMappingIsAnError) {
  std::string bytes;
  Status s = display_to_bytes("ab c", &bytes);  // a plain space is not in the mapping
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "character U+0020 at byte 2 is not one of GPT-2's 256 byte characters");
  s = display_to_bytes("\xC4\xA0\xE2\x82\xAC", &bytes);  // "Ġ€"
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "character U+20AC at byte 2 is not one of GPT-2's 256 byte characters");
}

TEST(ByteUnicode, InvalidUtf8InDisplayStringIsAnError) {
  std::string bytes;
  Status s = display_to_bytes("ab\xFF", &bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "invalid UTF-8 at byte 2 of a GPT-2 display string");
}
