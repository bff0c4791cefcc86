#include "explore/html.h"

#include <gtest/gtest.h>

using namespace embedlab;

TEST(Html, TextEscapesMarkupAndShowsLoneBytes) {
  EXPECT_EQ(html_text("</script><img src=x onerror=alert(1)>"),
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html_text("a&b \"q\" 'r'"), "a&amp;b &quot;q&quot; &#39;r&#39;");
  // A whole character stays itself; the first byte of a split one is named, not replaced.
  EXPECT_EQ(html_text("caf\xc3\xa9 \xc3"), "caf\xc3\xa9 \\xc3");
}

TEST(Html, JsonStringIsSafeInsideAScript) {
  EXPECT_EQ(json_string("</script>"), "\"\\u003c/script\\u003e\"");
  EXPECT_EQ(json_string("a\"b\\c\n&"), "\"a\\\"b\\\\c\\u000a\\u0026\"");
  EXPECT_EQ(json_string("\xe2\x80\xa8\xff"), "\"\\u2028\\\\xff\"");
  EXPECT_EQ(json_string("\xc3\xa9"), "\"\xc3\xa9\"");
}

TEST(Html, FloatTextReadsBackExactly) {
  for (float x : {0.1f, -1.0f / 3, 1e-30f, 123456.789f, 0.0f}) {
    const std::string s = float_text(x);
    EXPECT_EQ(std::stof(s), x) << s;
  }
  EXPECT_EQ(float_text(0.5f), "0.5");
}

TEST(Html, PageForbidsEveryRequest) {
  const std::string page = html_page("<t>", "", "<p>x</p>", "");
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page.find("<title>&lt;t&gt;</title>"), std::string::npos);
}
