#include "tokenizer/json.h"

#include <cctype>
#include <cstdlib>

#include "text/utf8.h"

namespace embedlab {

namespace {

// The reader's place in the text; each method reads one part of the grammar.
class JsonReader {
 public:
  JsonReader(const std::string& path, const std::string& s) : path_(path), s_(s) {}
  Status object(std::unordered_map<std::string, long>* out);

 private:
  Status error(const std::string& what) const {
    return Status::bad_input(path_ + ": byte " + std::to_string(i_) + ": " + what);
  }
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) i_++;
  }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      i_++;
      return true;
    }
    return false;
  }
  Status id(long* v);
  Status hex4(uint32_t* v);
  Status escaped_code_point(std::string* out);
  Status string(std::string* out);
  const std::string& path_;
  const std::string& s_;
  size_t i_ = 0;
};

Status JsonReader::object(std::unordered_map<std::string, long>* out) {
  ws();
  if (!eat('{')) return error("expected '{'");
  ws();
  if (eat('}')) return Status();
  for (;;) {
    std::string key;
    EMBEDLAB_RETURN_IF_ERROR(string(&key));
    ws();
    if (!eat(':')) return error("expected ':'");
    ws();
    EMBEDLAB_RETURN_IF_ERROR(id(&(*out)[key]));
    ws();
    if (eat('}')) break;
    if (!eat(',')) return error("expected ',' or '}'");
    ws();
  }
  ws();
  if (i_ != s_.size()) return error("unexpected text after the object");
  return Status();
}

// An id: digits only, at most 9 of them (ids are never negative, and a longer number
// would be clamped or wrapped on its way into an int32_t).
Status JsonReader::id(long* v) {
  const size_t start = i_;
  while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) i_++;
  if (start == i_ || i_ - start > 9) return error("expected a token id of 1 to 9 digits");
  *v = std::strtol(s_.substr(start, i_ - start).c_str(), nullptr, 10);
  return Status();
}

Status JsonReader::hex4(uint32_t* v) {
  if (i_ + 4 > s_.size()) return error("truncated \\u escape");
  *v = 0;
  for (int k = 0; k < 4; k++) {
    char c = s_[i_++];
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                        : -1;
    if (d < 0) return error("bad \\u escape");
    *v = *v * 16 + uint32_t(d);
  }
  return Status();
}

// The rest of a \u escape (the "\u" is read): one code point, or a surrogate pair
// written as two escapes, appended as UTF-8.
Status JsonReader::escaped_code_point(std::string* out) {
  uint32_t cp = 0;
  EMBEDLAB_RETURN_IF_ERROR(hex4(&cp));
  if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
    uint32_t lo = 0;
    if (!eat('\\') || !eat('u')) return error("unpaired surrogate");
    EMBEDLAB_RETURN_IF_ERROR(hex4(&lo));
    if (lo < 0xDC00 || lo > 0xDFFF) return error("unpaired surrogate");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  }
  if (!utf8_is_scalar(cp)) return error("unpaired surrogate");  // a low one alone
  utf8_append(cp, out);
  return Status();
}

Status JsonReader::string(std::string* out) {
  if (!eat('"')) return error("expected a string");
  while (i_ < s_.size() && s_[i_] != '"') {
    char c = s_[i_++];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (i_ >= s_.size()) break;
    switch (s_[i_++]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': EMBEDLAB_RETURN_IF_ERROR(escaped_code_point(out)); break;
      default: return error("unknown escape");
    }
  }
  if (!eat('"')) return error("unterminated string");
  return Status();
}

}  // namespace

Status parse_json_ids(const std::string& path, const std::string& text,
                      std::unordered_map<std::string, long>* out) {
  return JsonReader(path, text).object(out);
}

}  // namespace embedlab
