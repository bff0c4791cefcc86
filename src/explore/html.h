// Writing HTML pages whose text came from a corpus: every token is untrusted (a corpus
// can hold "</script><img src=x onerror=alert(1)>"), so every byte of it is escaped
// before it reaches a page, and the pages' scripts insert text only as text.
//   html_text   for element text and attribute values: & < > " ' become entities;
//               bytes that are not whole UTF-8 characters become the text \xNN (never
//               U+FFFD, which would hide which bytes they were).
//               e.g. "<b>\xff" -> "&lt;b&gt;\xff"
//   json_string a JSON string literal that is also safe inside <script>: < > & as
//               \u003c \u003e \u0026, U+2028 and U+2029 escaped, invalid bytes as \xNN text.
//               e.g. "</script>" -> "\"\u003c/script\u003e\""
//   html_page   a whole page: a Content-Security-Policy that allows no request of any
//               kind (no network, no file), the style, the body and the script.
#pragma once
#include <string>

namespace embedlab {

std::string html_text(const std::string& bytes);
std::string json_string(const std::string& bytes);
// A byte as the four characters \xNN, e.g. 0xc3 -> "\xc3".
std::string byte_escape(unsigned char b);
// The shortest decimal text that reads back as the same float (std::to_chars).
std::string float_text(float x);
std::string html_page(const std::string& title, const std::string& style,
                      const std::string& body, const std::string& script);

}  // namespace embedlab
