// What the readers of tokenizer files share: our own format (tokenizer_file.cpp),
// GPT-2's vocab.bpe (gpt2_files.cpp) and tiktoken's rank files (tiktoken_file.cpp).
// Each reads its file a line at a time and names file:line in every error:
//   LineReader r("t.tok", data);
//   while (r.next(&line)) if (bad) return r.error("expected 'merges N'");
//   -> "t.tok:3: expected 'merges N'"
#pragma once
#include <cstddef>
#include <string>

#include "tokenizer/tokenizer.h"
#include "util/status.h"

namespace embedlab {

// Reads a file's bytes line by line ("\n" ends a line; the last may lack it).
class LineReader {
 public:
  // Keeps references: path and data must outlive the reader.
  LineReader(const std::string& path, const std::string& data) : path_(path), data_(data) {}
  // The next line, without its "\n". At the end of the data: false, and errors then
  // name the line that is missing.
  bool next(std::string* line);
  // "path:line: what", naming the line read last.
  Status error(const std::string& what) const;
  size_t offset() const { return pos_; }  // where the next line starts
  bool unterminated() const { return unterminated_; }  // the last line lacked its "\n"

 private:
  const std::string& path_;
  const std::string& data_;
  size_t pos_ = 0;
  int line_no_ = 0;
  bool unterminated_ = false;
  bool at_end_ = false;
};

// A whole number at s[*pos...], written as serialize writes it: decimal digits with
// no sign, space or leading zero, at most 9 of them (so it fits an int32_t). Each
// file then has one spelling, and no value is clamped or wrapped on the way in.
// On success moves *pos past the digits. e.g. "merges 12" at 7 -> 12; "012" -> false.
bool parse_digits(const std::string& s, size_t* pos, long* out);

// "key N" with N a whole number (parse_digits) in [lo, hi], and nothing else.
bool parse_count(const std::string& line, const std::string& key, long lo, long hi, long* out);

// Adds merge (a, b) to *t after checking the ids and the size of the token it makes
// (kMaxTokenBytes, kMaxVocabBytes). `rank` names the merge in messages; *total counts
// the bytes of all merged tokens so far.
Status add_checked_merge(Tokenizer* t, long rank, long a, long b, size_t* total);

}  // namespace embedlab
