#include "explore/token_viewer.h"

#include <cstdio>

#include "explore/html.h"
#include "text/utf8.h"
#include "util/file.h"

namespace embedlab {

namespace {

const char kViewerStyle[] = R"CSS(
body { font: 14px sans-serif; margin: 12px; color: #222; max-width: 960px; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 14px 0 4px; }
.sub { color: #666; font-size: 12px; }
.text { font: 15px/1.9 monospace; white-space: pre-wrap; word-break: break-all;
        border: 1px solid #ddd; padding: 6px; }
.t { border-radius: 3px; padding: 1px 0; }
.c0 { background: #cfe3ff; } .c1 { background: #ffd9b3; } .c2 { background: #c9f0c9; }
.c3 { background: #f6c9e4; } .c4 { background: #fff0a8; } .c5 { background: #d9d2f5; }
.ws { color: #999; }
.part { color: #b00; font-size: 11px; outline: 1px dashed #b00; }
)CSS";

// For each byte of text: where its character starts and how many bytes it has (1 for a
// byte that is not part of a valid character).
void char_spans(const std::string& text, std::vector<size_t>* start, std::vector<int>* len) {
  start->resize(text.size());
  len->resize(text.size());
  size_t p = 0;
  while (p < text.size()) {
    uint32_t cp;
    int n = utf8_decode(text.data() + p, text.data() + text.size(), &cp);
    n = n > 0 ? n : 1;
    for (int k = 0; k < n; k++) {
      (*start)[p + size_t(k)] = p;
      (*len)[p + size_t(k)] = n;
    }
    p += size_t(n);
  }
}

std::string visible(char ch) {
  switch (ch) {
    case ' ': return "<span class=\"ws\">\xc2\xb7</span>";
    case '\n': return "<span class=\"ws\">\xe2\x86\xb5</span>\n";
    case '\t': return "<span class=\"ws\">\xe2\x86\x92</span>";
    case '\r': return "<span class=\"ws\">\xe2\x90\x8d</span>";
    default: return "";
  }
}

// The display of the token text[begin, end): whole characters as themselves, the
// bytes of a character cut by a token edge (or of no character) as marked \xNN.
std::string token_display(const std::string& text, size_t begin, size_t end,
                          const std::vector<size_t>& start, const std::vector<int>& len) {
  std::string out;
  for (size_t p = begin; p < end;) {
    const size_t cs = start[p], ce = cs + size_t(len[p]);
    const unsigned char ch = static_cast<unsigned char>(text[p]);
    if (cs == p && ce <= end && (len[p] > 1 || ch < 0x80)) {
      const std::string v = len[p] == 1 ? visible(char(ch)) : "";
      if (!v.empty()) out += v;
      else if (ch < 0x20 || ch == 0x7f) out += "<span class=\"ws\">" + byte_escape(ch) + "</span>";
      else out += html_text(text.substr(p, size_t(len[p])));
      p = ce;
      continue;
    }
    const std::string whole = text.substr(cs, ce - cs);
    const std::string what = len[p] > 1 ? "a byte of " + html_text(whole) + ", split across tokens"
                                        : "a byte that is not UTF-8";
    out += "<span class=\"part\" title=\"" + what + "\">" + byte_escape(ch) + "</span>";
    p++;
  }
  return out;
}

std::string hex_of(const std::string& bytes) {
  std::string out;
  char buf[4];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string run_html(const std::string& text, const TokenRun& run,
                     const std::vector<size_t>& start, const std::vector<int>& len) {
  const std::string count = std::to_string(run.ids.size());
  std::string out = "<div class=\"tokenizer\" data-name=\"" + html_text(run.name) +
                    "\" data-count=\"" + count + "\">\n<h2>" + html_text(run.name) + ": " +
                    count + " tokens</h2>\n<div class=\"text\">";
  size_t at = 0;
  for (size_t i = 0; i < run.ids.size(); i++) {
    const std::string& piece = run.pieces[i];
    const std::string id = std::to_string(run.ids[i]);
    out += "<span class=\"t c" + std::to_string(i % 6) + "\" data-id=\"" + id + "\" data-hex=\"" +
           hex_of(piece) + "\" title=\"id " + id + "\">" +
           token_display(text, at, at + piece.size(), start, len) + "</span>";
    at += piece.size();
  }
  return out + "</div>\n</div>\n";
}

}  // namespace

std::string token_viewer_html(const std::string& title, const std::string& text,
                              const std::vector<TokenRun>& runs) {
  std::vector<size_t> start;
  std::vector<int> len;
  char_spans(text, &start, &len);
  size_t chars = 0;
  for (size_t p = 0; p < text.size(); p++) chars += start[p] == p;
  std::string body = "<h1>" + html_text(title) + "</h1>\n<p class=\"sub\">" +
                     std::to_string(text.size()) + " bytes, " + std::to_string(chars) +
                     " characters. Hover a token for its id. \xc2\xb7 is a space, \xe2\x86\xb5 a "
                     "newline; <span class=\"part\">\\xNN</span> is one byte of a character "
                     "that the tokenizer split across tokens.</p>\n";
  for (const TokenRun& run : runs) body += run_html(text, run, start, len);
  return html_page(title, kViewerStyle, body, "");
}

Status token_run(TokenRun* out, const std::string& name, const Tokenizer& tok,
                 const std::string& text, SpecialPolicy policy) {
  TokenRun run;
  run.name = name;
  EMBEDLAB_RETURN_IF_ERROR(tok.encode(text, &run.ids, policy));
  for (int32_t id : run.ids) run.pieces.push_back(tok.token_bytes(id));
  *out = std::move(run);
  return Status();
}

Status write_token_page(const std::string& path, const std::string& title, const std::string& text,
                        const std::vector<std::pair<std::string, const Tokenizer*>>& tokenizers) {
  std::vector<TokenRun> runs(tokenizers.size());
  for (size_t i = 0; i < runs.size(); i++)
    EMBEDLAB_RETURN_IF_ERROR(token_run(&runs[i], tokenizers[i].first, *tokenizers[i].second, text));
  return write_file_atomic(path, token_viewer_html(title, text, runs));
}

}  // namespace embedlab
