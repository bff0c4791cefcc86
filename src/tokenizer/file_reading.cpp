#include "tokenizer/file_reading.h"

#include <cstdlib>

namespace embedlab {

bool LineReader::next(std::string* line) {
  if (pos_ >= data_.size()) {
    if (!at_end_) line_no_++;
    at_end_ = true;
    return false;
  }
  size_t nl = data_.find('\n', pos_);
  if (nl == std::string::npos) {
    *line = data_.substr(pos_);
    pos_ = data_.size();
    unterminated_ = true;
  } else {
    *line = data_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
  }
  line_no_++;
  return true;
}

Status LineReader::error(const std::string& what) const {
  return Status::bad_input(path_ + ":" + std::to_string(line_no_) + ": " + what);
}

bool parse_digits(const std::string& s, size_t* pos, long* out) {
  size_t i = *pos;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
  const size_t n = i - *pos;
  if (n == 0 || n > 9 || (n > 1 && s[*pos] == '0')) return false;
  *out = std::strtol(s.substr(*pos, n).c_str(), nullptr, 10);
  *pos = i;
  return true;
}

bool parse_count(const std::string& line, const std::string& key, long lo, long hi, long* out) {
  if (line.compare(0, key.size() + 1, key + " ") != 0) return false;
  size_t pos = key.size() + 1;
  long v = 0;
  if (!parse_digits(line, &pos, &v) || pos != line.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

Status add_checked_merge(Tokenizer* t, long rank, long a, long b, size_t* total) {
  const long limit = t->vocab_size();
  if (a < 0 || b < 0 || a >= limit || b >= limit)
    return Status::bad_input("merge " + std::to_string(rank) + " uses id " +
                             std::to_string(a >= limit || a < 0 ? a : b) +
                             " but only ids below " + std::to_string(limit) +
                             " exist at that point");
  const size_t n = t->token_bytes(int32_t(a)).size() + t->token_bytes(int32_t(b)).size();
  if (n > kMaxTokenBytes)
    return Status::bad_input("merge " + std::to_string(rank) + " makes a token of " +
                             std::to_string(n) + " bytes, more than the limit of " +
                             std::to_string(kMaxTokenBytes));
  *total += n;
  if (*total > kMaxVocabBytes)
    return Status::bad_input("merge " + std::to_string(rank) + " brings the tokens to " +
                             std::to_string(*total) + " bytes, more than the limit of " +
                             std::to_string(kMaxVocabBytes));
  t->add_merge(int32_t(a), int32_t(b));
  return Status();
}

}  // namespace embedlab
