#include "explore/html.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "text/utf8.h"

namespace embedlab {

namespace {

std::string hex_byte(unsigned char b, const char* format) {
  char buf[12];
  std::snprintf(buf, sizeof buf, format, b);
  return buf;
}

}  // namespace

std::string byte_escape(unsigned char b) { return hex_byte(b, "\\x%02x"); }

std::string html_text(const std::string& bytes) {
  std::string out;
  utf8_for_each(
      bytes,
      [&](const char* p, int n) {
        switch (*p) {
          case '&': out += "&amp;"; break;
          case '<': out += "&lt;"; break;
          case '>': out += "&gt;"; break;
          case '"': out += "&quot;"; break;
          case '\'': out += "&#39;"; break;
          default: out.append(p, size_t(n));
        }
      },
      [&](unsigned char b) { out += byte_escape(b); });
  return out;
}

std::string json_string(const std::string& bytes) {
  std::string out = "\"";
  utf8_for_each(
      bytes,
      [&](const char* p, int n) {
        const unsigned char ch = static_cast<unsigned char>(*p);
        const std::string s(p, size_t(n));
        if (s == "\xe2\x80\xa8" || s == "\xe2\x80\xa9") out += s == "\xe2\x80\xa8" ? "\\u2028" : "\\u2029";
        else if (ch == '"' || ch == '\\') out += "\\" + s;
        else if (ch == '<' || ch == '>' || ch == '&' || ch < 0x20 || ch == 0x7f)
          out += hex_byte(ch, "\\u%04x");
        else out += s;
      },
      [&](unsigned char b) { out += hex_byte(b, "\\\\x%02x"); });
  return out + "\"";
}

std::string float_text(float x) {
  char buf[32];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string html_page(const std::string& title, const std::string& style,
                      const std::string& body, const std::string& script) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "script-src 'unsafe-inline'; style-src 'unsafe-inline'\">\n"
         "<title>" + html_text(title) + "</title>\n<style>\n" + style + "</style>\n</head>\n"
         "<body>\n" + body + "\n<script>\n" + script + "</script>\n</body>\n</html>\n";
}

}  // namespace embedlab
