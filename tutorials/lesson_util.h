// tutorials/lesson_util.h: the few things every lesson does the same way: print prose
// that fits a terminal, show ids and tokens, compare the one-hot path with the lookup,
// time a call, and write its files into --out. Only the lessons include it.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "nn/tensor.h"
#include "text/byte_unicode.h"
#include "text/utf8.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/timer.h"

namespace embedlab {

// Lessons wrap their prose at this many columns; only a table whose data needs it is wider.
constexpr int kLessonColumns = 100;

// Terminal columns of UTF-8 text: one a character ("Ġthe" is 4 columns in 5 bytes), two
// for the wide ones of East Asian scripts and emoji (a close approximation of wcwidth).
inline size_t display_columns(const std::string& s) {
  size_t columns = 0;
  const char* end = s.data() + s.size();
  for (const char* p = s.data(); p < end;) {
    uint32_t cp = 0xFFFD;
    const int n = utf8_decode(p, end, &cp);
    p += n < 0 ? -n : n;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
                      (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    columns += wide ? 2 : 1;
  }
  return columns;
}

// Pads to `width` columns on the right.
inline std::string pad(const std::string& s, size_t width) {
  const size_t chars = display_columns(s);
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

// Prints `lead` and then the words of `text` as lines of at most kLessonColumns
// columns, broken at spaces, each line after the first starting with `indent`.
// A word longer than a line stands alone.
inline void print_wrapped_after(const std::string& lead, const std::string& text,
                                const std::string& indent) {
  std::string line = lead;
  size_t start = line.size();  // where the words of the current line begin
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (line.size() > start &&
        display_columns(line) + 1 + display_columns(word) > size_t(kLessonColumns)) {
      std::printf("%s\n", line.c_str());
      line = indent;
      start = line.size();
    }
    line += (line.size() > start ? " " : "") + word;
  }
  std::printf("%s\n", line.c_str());
}

// The same for text whose own leading spaces are its lead: "    the one-hot ..."
inline void print_wrapped(const std::string& text, const std::string& indent = "") {
  const size_t words = std::min(text.find_first_not_of(' '), text.size());
  print_wrapped_after(text.substr(0, words), text.substr(words), indent);
}

// Prints `second` after `first` on one line when it fits in kLessonColumns, else on the
// next line after `indent`: a note beside a row of numbers, or below it.
inline void print_beside(const std::string& first, const std::string& second,
                         const std::string& indent) {
  const bool fits = display_columns(first) + 1 + display_columns(second) <= size_t(kLessonColumns);
  std::printf("%s%s%s\n", first.c_str(), fits ? " " : ("\n" + indent).c_str(), second.c_str());
}

// A lesson's closing "Try this:" list: flags to rerun with, and what to look for.
struct TryThis {
  std::string flags, what;
};
// Prints the list as two columns, `what` wrapped to kLessonColumns; flags wider than
// the column push their `what` along the same line.
inline void print_try_this(const std::vector<TryThis>& items) {
  size_t column = 0;  // where each `what` starts
  for (const TryThis& t : items)
    if (display_columns(t.flags) <= 28)
      column = std::max(column, 2 + display_columns(t.flags) + 3);
  std::printf("\nTry this:\n");
  for (const TryThis& t : items)
    print_wrapped_after(pad("  " + t.flags, column - 2) + "  ", t.what, std::string(column, ' '));
}

// "[2, 3, 5, 1]"
inline std::string id_list(const int32_t* ids, size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; i++) s += (i ? ", " : "") + std::to_string(ids[i]);
  return s + "]";
}
inline std::string id_list(const std::vector<int32_t>& ids) {
  return id_list(ids.data(), ids.size());
}

// Tokens as GPT-2 prints them, each in brackets: " the" -> "[Ġthe]".
inline std::string show(const Tokenizer& tok, int32_t id) {
  return "[" + bytes_to_display(tok.token_bytes(id)) + "]";
}
inline std::string show(const Tokenizer& tok, const std::vector<int32_t>& ids) {
  std::string s;
  for (int32_t id : ids) s += show(tok, id);
  return s;
}

// "1.6 GB", "201.0 KB", "12 B"
inline std::string bytes_text(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.1f KB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

// The corpus line of a lesson's config: its path and size, or that the built-in
// prose stands in for a missing default file (read_file_or_builtin).
inline std::string corpus_text(const std::string& path, size_t bytes, bool builtin) {
  return (builtin ? "(built-in prose)" : path) + " (" + std::to_string(bytes) + " bytes" +
         (builtin ? ", the default file is missing" : "") + ")";
}

// max |a[i] - b[i]| over n floats: 0 when two paths give the same numbers bit for bit.
inline float max_abs_diff(const float* a, const float* b, size_t n) {
  float m = 0;
  for (size_t i = 0; i < n; i++) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}
inline float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  return max_abs_diff(a.data(), b.data(), std::min(a.size(), b.size()));
}

// Median seconds of one call of fn, over `runs` runs of `reps` calls each (reps > 1 for
// a call too short for the clock). With budget_s > 0, stops after 3 runs once budget_s
// seconds have passed, so a slow case is not timed 5 times.
template <typename Fn>
double median_seconds(Fn fn, int runs, int reps = 1, double budget_s = 0) {
  std::vector<double> t;
  const double start = now_seconds();
  while (int(t.size()) < runs &&
         (budget_s <= 0 || t.size() < 3 || now_seconds() - start < budget_s)) {
    const double t0 = now_seconds();
    for (int k = 0; k < reps; k++) fn();
    t.push_back((now_seconds() - t0) / reps);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Writes `data` to dir/name (creating dir) and sets *path to where it went.
inline Status write_lesson_file(const std::string& dir, const std::string& name,
                                const std::string& data, std::string* path) {
  *path = path_join(dir, name);
  if (Status s = make_dirs(dir); !s.ok()) return s;
  return write_file_atomic(*path, data);
}

// Writes a (rows, cols) matrix to dir/name as tab-separated rows under a "# about" line.
inline Status write_lesson_matrix(const std::string& dir, const std::string& name,
                                  const std::string& about, const float* M, int rows, int cols,
                                  std::string* path) {
  return write_lesson_file(dir, name, "# " + about + "\n" + matrix_tsv(M, rows, cols), path);
}

}  // namespace embedlab
