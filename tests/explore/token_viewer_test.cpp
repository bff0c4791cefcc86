#include "explore/token_viewer.h"

#include <gtest/gtest.h>

using namespace embedlab;

TEST(TokenViewer, SplitCharacterIsShownAsItsBytesNeverAsReplacement) {
  // "é" is C3 A9; a tokenizer that keeps them apart gives two tokens of one byte each.
  const std::string text = "a \xc3\xa9";
  TokenRun run{"bytes", {97, 32, 195, 169}, {"a", " ", "\xc3", "\xa9"}};
  const std::string page = token_viewer_html("t", text, {run});
  EXPECT_NE(page.find("data-name=\"bytes\" data-count=\"4\""), std::string::npos);
  EXPECT_NE(page.find("data-id=\"195\" data-hex=\"c3\" title=\"id 195\"><span class=\"part\" "
                      "title=\"a byte of \xc3\xa9, split across tokens\">\\xc3</span>"),
            std::string::npos)
      << page;
  EXPECT_EQ(page.find("\xef\xbf\xbd"), std::string::npos);  // no U+FFFD
  // The space is shown as a middle dot.
  EXPECT_NE(page.find("data-hex=\"20\" title=\"id 32\"><span class=\"ws\">\xc2\xb7</span>"),
            std::string::npos);
}

TEST(TokenViewer, WholeCharactersAndHostileTextAreEscapedText) {
  const std::string text = "<img src=x>\n\xc3\xa9";
  TokenRun run{"one", {7, 8}, {"<img src=x>\n", "\xc3\xa9"}};
  const std::string page = token_viewer_html("<t>", text, {run});
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("&lt;img<span class=\"ws\">\xc2\xb7</span>src=x&gt;<span class=\"ws\">\xe2\x86\xb5</span>\n</span>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("data-hex=\"c3a9\" title=\"id 8\">\xc3\xa9</span>"), std::string::npos);
}
