#include "text/byte_unicode.h"

#include <gtest/gtest.h>

using namespace embedlab;

TEST(ByteUnicode, PublishedStandIns) {
  // From GPT-2's mapping: printable bytes stay, the others count up from U+0100.
  EXPECT_EQ(byte_to_codepoint('!'), uint32_t('!'));
  EXPECT_EQ(byte_to_codepoint(0x00), 0x100u);
  EXPECT_EQ(byte_to_codepoint(0x0A), 0x10Au);  // "Ċ"
  EXPECT_EQ(byte_to_codepoint(0x20), 0x120u);  // "Ġ"
  EXPECT_EQ(byte_to_codepoint(0x7F), 0x121u);
  EXPECT_EQ(byte_to_codepoint(0xAD), 0x143u);  // the soft hyphen is not printable
  EXPECT_EQ(byte_to_codepoint(0xFF), 0xFFu);
  EXPECT_EQ(bytes_to_unicode(" king"), "\xC4\xA0king");  // "Ġking"
}

TEST(ByteUnicode, RoundTripsEveryByteAndRejectsOthers) {
  std::string all;
  for (int b = 0; b < 256; b++) all.push_back(char(b));
  std::string back;
  ASSERT_TRUE(unicode_to_bytes(bytes_to_unicode(all), &back).ok());
  EXPECT_EQ(back, all);
  Status s = unicode_to_bytes("\xE2\x82\xAC", &back);  // the euro sign: not a stand-in
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not a GPT-2 byte stand-in"), std::string::npos);
}
