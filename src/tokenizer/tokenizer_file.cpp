// Tokenizer files.
// Our format is text, one item per line, checked line by line when read:
//   embedlab-tokenizer 1            magic and version
//   pattern gpt2                    the pre-tokenizer: gpt2 or none
//   bytes identity                  or "bytes" and 256 ids (GPT-2 numbers bytes its own way)
//   merges N                        then N lines "a b": merge r joins ids a, b into 256 + r
//   specials K                      then K lines "id text" (text with \xNN escapes)
//   checksum 1a2b3c4d               CRC-32 of every byte before this line, hex
// Version 2 is the same lines for a tokenizer made from tiktoken's ranks: its pairs
// join by tiktoken's rule (Tokenizer::joins_by_bytes), and its special ids may leave
// gaps. Every other tokenizer is still written as version 1, byte for byte as before.
// tiktoken's rank file (cl100k_base.tiktoken): one line per token, "base64 rank".
// GPT-2's files: encoder.json maps each token (in the byte stand-ins of
// text/byte_unicode.h) to its id; vocab.bpe lists the merges in rank order, one
// "left right" pair of stand-in strings per line after a "#version" line.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <unordered_map>

#include "text/byte_unicode.h"
#include "tokenizer/tokenizer.h"
#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

static const char kMagic[] = "embedlab-tokenizer";
static const int kVersion = 1;
static const int kVersionByBytes = 2;  // tiktoken's rule, gaps before specials

static std::string escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (c > 0x20 && c < 0x7F && c != '\\') {
      o.push_back(char(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      o += buf;
    }
  }
  return o;
}

static bool unescape(const std::string& s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '\\') {
      out->push_back(s[i]);
      continue;
    }
    if (i + 3 >= s.size() || s[i + 1] != 'x') return false;
    char hex[3] = {s[i + 2], s[i + 3], 0};
    char* end = nullptr;
    long v = std::strtol(hex, &end, 16);
    if (*end != '\0' || !std::isxdigit(static_cast<unsigned char>(hex[0])) ||
        !std::isxdigit(static_cast<unsigned char>(hex[1])))
      return false;
    out->push_back(char(v));
    i += 3;
  }
  return true;
}

std::string Tokenizer::serialize() const {
  std::string o = std::string(kMagic) + " " +
                  std::to_string(joins_by_bytes_ ? kVersionByBytes : kVersion) + "\n";
  o += std::string("pattern ") + pattern_name(pattern_) + "\n";
  if (has_identity_bytes()) {
    o += "bytes identity\n";
  } else {
    o += "bytes";
    for (int32_t id : byte_ids_) o += " " + std::to_string(id);
    o += "\n";
  }
  o += "merges " + std::to_string(merges_.size()) + "\n";
  for (const auto& m : merges_) o += std::to_string(m.first) + " " + std::to_string(m.second) + "\n";
  o += "specials " + std::to_string(specials_.size()) + "\n";
  for (const SpecialToken& s : specials_) o += std::to_string(s.id) + " " + escape(s.text) + "\n";
  char buf[32];
  std::snprintf(buf, sizeof buf, "checksum %08x\n", crc32(o));
  return o + buf;
}

Status Tokenizer::save(const std::string& path) const { return write_file_atomic(path, serialize()); }

namespace {

// Reads the file line by line, naming file:line in every error.
class LineReader {
 public:
  LineReader(const std::string& path, const std::string& data) : path_(path), data_(data) {}
  // At the end of the data: false, and errors then name the line that is missing.
  bool next(std::string* line) {
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
  Status error(const std::string& what) const {
    return Status::bad_input(path_ + ":" + std::to_string(line_no_) + ": " + what);
  }
  size_t offset() const { return pos_; }
  bool unterminated() const { return unterminated_; }

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
bool parse_digits(const std::string& s, size_t* pos, long* out) {
  size_t i = *pos;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
  const size_t n = i - *pos;
  if (n == 0 || n > 9 || (n > 1 && s[*pos] == '0')) return false;
  *out = std::strtol(s.substr(*pos, n).c_str(), nullptr, 10);
  *pos = i;
  return true;
}

// "key N" with N a whole number in [lo, hi].
bool parse_count(const std::string& line, const std::string& key, long lo, long hi, long* out) {
  if (line.compare(0, key.size() + 1, key + " ") != 0) return false;
  size_t pos = key.size() + 1;
  long v = 0;
  if (!parse_digits(line, &pos, &v) || pos != line.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

// Adds merge (a, b) after checking the ids and the size of the token it makes.
// `rank` names the merge in messages; *total counts the bytes of all merged tokens.
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

}  // namespace

Status Tokenizer::load(const std::string& path, Tokenizer* out) {
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return deserialize(data, path, out);
}

Status Tokenizer::deserialize(const std::string& data, const std::string& path, Tokenizer* out) {
  if (data.empty()) return Status::bad_input(path + ": empty file, expected an embedlab tokenizer");
  LineReader r(path, data);
  std::string line;
  Tokenizer t;
  r.next(&line);
  if (line.compare(0, sizeof kMagic - 1, kMagic) != 0)
    return r.error("expected '" + std::string(kMagic) + " " + std::to_string(kVersion) +
                   "' (not an embedlab tokenizer file)");
  const bool by_bytes = line == std::string(kMagic) + " " + std::to_string(kVersionByBytes);
  if (line != std::string(kMagic) + " " + std::to_string(kVersion) && !by_bytes)
    return r.error("unsupported version line '" + printable(line) + "', this build reads versions " +
                   std::to_string(kVersion) + " and " + std::to_string(kVersionByBytes));
  if (!r.next(&line) || line.compare(0, 8, "pattern ") != 0) return r.error("expected 'pattern NAME'");
  Pattern p;
  if (Status s = parse_pattern(line.substr(8), &p); !s.ok()) return r.error(s.message());
  t.set_pattern(p);
  if (!r.next(&line)) return r.error("file truncated: expected a 'bytes' line");
  if (line != "bytes identity") {
    std::vector<int32_t> ids;
    size_t pos = 5;
    bool ok = line.compare(0, 5, "bytes") == 0;
    while (ok && pos < line.size()) {
      long v = 0;
      pos++;  // the space before each id
      ok = line[pos - 1] == ' ' && parse_digits(line, &pos, &v);
      ids.push_back(int32_t(v));
    }
    if (!ok || ids.size() != 256) return r.error("expected 'bytes identity' or 'bytes' and 256 ids");
    if (Status s = t.set_byte_ids(ids); !s.ok()) return r.error(s.message());
  }
  long n = 0;
  if (!r.next(&line) || !parse_count(line, "merges", 0, 10000000, &n))
    return r.error("expected 'merges N'");
  size_t total = 0;
  for (long i = 0; i < n; i++) {
    if (!r.next(&line)) return r.error("file truncated: expected " + std::to_string(n) + " merges");
    size_t pos = 0;
    long a = 0, b = 0;
    if (!parse_digits(line, &pos, &a) || pos >= line.size() || line[pos++] != ' ' ||
        !parse_digits(line, &pos, &b) || pos != line.size())
      return r.error("expected a merge 'a b'");
    if (Status s = add_checked_merge(&t, i, a, b, &total); !s.ok()) return r.error(s.message());
  }
  int32_t dup = 0;
  if (by_bytes)
    if (Status s = t.join_by_bytes(&dup); !s.ok())
      return Status::bad_input(path + ": merge " + std::to_string(dup - 256) + ": " + s.message());
  long k = 0;
  if (!r.next(&line) || !parse_count(line, "specials", 0, 1000, &k))
    return r.error("expected 'specials K'");
  for (long i = 0; i < k; i++) {
    if (!r.next(&line)) return r.error("file truncated: expected " + std::to_string(k) + " special tokens");
    size_t pos = 0;
    long id = 0;
    std::string text;
    if (!parse_digits(line, &pos, &id) || pos >= line.size() || line[pos] != ' ' ||
        !unescape(line.substr(pos + 1), &text))
      return r.error("expected a special token 'id text'");
    if (Status s = t.add_special(text, int32_t(id), by_bytes); !s.ok()) return r.error(s.message());
  }
  size_t body_end = r.offset();
  if (!r.next(&line)) return r.error("file truncated: expected 'checksum XXXXXXXX'");
  bool hex = line.size() == 17 && line.compare(0, 9, "checksum ") == 0 && !r.unterminated();
  for (size_t i = 9; hex && i < 17; i++)
    hex = (line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'f');
  if (!hex) return r.error("expected 'checksum XXXXXXXX' (8 lowercase hex digits) and a newline");
  if (uint32_t(std::strtoul(line.c_str() + 9, nullptr, 16)) != crc32(data.data(), body_end))
    return r.error("checksum mismatch: the file is corrupted");
  if (r.next(&line)) return r.error("unexpected text after the checksum line");
  *out = std::move(t);
  return Status();
}

namespace {

// A strict reader for encoder.json: one object of "string": integer pairs.
class JsonMap {
 public:
  JsonMap(const std::string& path, const std::string& s) : path_(path), s_(s) {}
  Status parse(std::unordered_map<std::string, long>* out) {
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
      // An id: digits only, at most 9 of them (ids are never negative, and a longer
      // number would be clamped or wrapped on its way into an int32_t).
      size_t start = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) i_++;
      if (start == i_ || i_ - start > 9)
        return error("expected a token id of 1 to 9 digits");
      (*out)[key] = std::strtol(s_.substr(start, i_ - start).c_str(), nullptr, 10);
      ws();
      if (eat('}')) break;
      if (!eat(',')) return error("expected ',' or '}'");
      ws();
    }
    ws();
    if (i_ != s_.size()) return error("unexpected text after the object");
    return Status();
  }

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
  static void put_utf8(std::string* o, uint32_t cp) {
    if (cp < 0x80) {
      o->push_back(char(cp));
    } else if (cp < 0x800) {
      o->push_back(char(0xC0 | (cp >> 6)));
      o->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      o->push_back(char(0xE0 | (cp >> 12)));
      o->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      o->push_back(char(0x80 | (cp & 0x3F)));
    } else {
      o->push_back(char(0xF0 | (cp >> 18)));
      o->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
      o->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      o->push_back(char(0x80 | (cp & 0x3F)));
    }
  }
  Status hex4(uint32_t* v) {
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
  Status string(std::string* out) {
    if (!eat('"')) return error("expected a string");
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) break;
      char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          EMBEDLAB_RETURN_IF_ERROR(hex4(&cp));
          if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
            uint32_t lo = 0;
            if (!eat('\\') || !eat('u')) return error("unpaired surrogate");
            EMBEDLAB_RETURN_IF_ERROR(hex4(&lo));
            if (lo < 0xDC00 || lo > 0xDFFF) return error("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default:
          return error("unknown escape");
      }
    }
    if (!eat('"')) return error("unterminated string");
    return Status();
  }
  const std::string& path_;
  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace

Status Tokenizer::load_gpt2(const std::string& encoder_json, const std::string& vocab_bpe,
                            Tokenizer* out) {
  std::string ej, vb;
  EMBEDLAB_RETURN_IF_ERROR(read_file(encoder_json, &ej));
  EMBEDLAB_RETURN_IF_ERROR(read_file(vocab_bpe, &vb));
  return parse_gpt2(ej, encoder_json, vb, vocab_bpe, out);
}

Status Tokenizer::parse_gpt2(const std::string& ej, const std::string& encoder_json,
                             const std::string& vb, const std::string& vocab_bpe,
                             Tokenizer* out) {
  std::unordered_map<std::string, long> enc;
  EMBEDLAB_RETURN_IF_ERROR(JsonMap(encoder_json, ej).parse(&enc));
  // Token bytes -> id, from the stand-in strings.
  std::unordered_map<std::string, long> by_bytes;
  for (const auto& kv : enc) {
    std::string bytes;
    if (kv.first == "<|endoftext|>") continue;
    EMBEDLAB_RETURN_IF_ERROR(display_to_bytes(kv.first, &bytes).with_context(encoder_json));
    by_bytes[bytes] = kv.second;
  }
  Tokenizer t;
  std::vector<int32_t> byte_ids(256);
  for (int b = 0; b < 256; b++) {
    auto it = by_bytes.find(std::string(1, char(b)));
    if (it == by_bytes.end() || it->second < 0 || it->second > 255)
      return Status::bad_input(encoder_json + ": byte " + std::to_string(b) +
                               " has no id between 0 and 255");
    byte_ids[size_t(b)] = int32_t(it->second);
  }
  EMBEDLAB_RETURN_IF_ERROR(t.set_byte_ids(byte_ids).with_context(encoder_json));
  LineReader r(vocab_bpe, vb);
  std::string line;
  bool first = true;
  size_t total = 0;
  while (r.next(&line)) {
    // Only the first line is a comment ("#version: 0.2"): "# #" later is a real merge.
    if (first && line.compare(0, 8, "#version") == 0) {
      first = false;
      continue;
    }
    first = false;
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
      return r.error("expected a merge 'left right'");
    std::string left, right;
    for (auto [part, bytes] : {std::pair{line.substr(0, sp), &left}, {line.substr(sp + 1), &right}})
      if (Status s = display_to_bytes(part, bytes); !s.ok()) return r.error(s.message());
    auto a = by_bytes.find(left), b = by_bytes.find(right), ab = by_bytes.find(left + right);
    if (a == by_bytes.end() || b == by_bytes.end() || ab == by_bytes.end())
      return r.error("merge '" + line + "' uses a token missing from " + encoder_json);
    if (a->second >= t.vocab_size() || b->second >= t.vocab_size())
      return r.error("merge '" + line + "' uses a token defined by a later merge");
    if (ab->second != t.vocab_size())
      return r.error("merge '" + line + "' makes id " + std::to_string(ab->second) + " in " +
                     encoder_json + ", expected " + std::to_string(t.vocab_size()) +
                     " (256 + its rank)");
    if (Status s = add_checked_merge(&t, t.num_merges(), a->second, b->second, &total); !s.ok())
      return r.error(s.message());
  }
  auto eot = enc.find("<|endoftext|>");
  if (eot != enc.end()) EMBEDLAB_RETURN_IF_ERROR(t.add_special("<|endoftext|>", int32_t(eot->second)).with_context(encoder_json));
  if (size_t(t.vocab_size()) != enc.size())
    return Status::bad_input(encoder_json + ": has " + std::to_string(enc.size()) +
                             " tokens but the merges and specials make " +
                             std::to_string(t.vocab_size()));
  t.set_pattern(Pattern::kGpt2);
  *out = std::move(t);
  return Status();
}

namespace {

// One character of standard base64 (A-Z a-z 0-9 + /) -> 0..63, or -1.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict base64: whole groups of 4 characters, '=' only as the padding of the last
// group, and the bits the padding drops all zero (so the same bytes have one spelling).
bool base64_decode(std::string_view in, std::string* out) {
  out->clear();
  if (in.empty() || in.size() % 4 != 0) return false;
  for (size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 3] == '=' && in[i + 2] == '=') : 0;
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
      const int d = k >= 4 - pad ? 0 : base64_value(in[i + size_t(k)]);
      if (d < 0) return false;
      v = v << 6 | uint32_t(d);
    }
    if ((pad == 1 && (v & 0xFF)) || (pad == 2 && (v & 0xFFFF))) return false;
    out->push_back(char(v >> 16));
    if (pad < 2) out->push_back(char(v >> 8 & 0xFF));
    if (pad < 1) out->push_back(char(v & 0xFF));
  }
  return true;
}

// The tiktoken encodings load_named knows: the rank file's name, the pattern, the
// special tokens (from tiktoken's own table, which the parity fixtures record too).
struct NamedSpecial {
  const char* text;
  int32_t id;
};
struct TiktokenEncoding {
  const char* name;
  Pattern pattern;
  NamedSpecial specials[5];
  int n_specials;
};
const TiktokenEncoding kTiktokenEncodings[] = {
    {"cl100k_base",
     Pattern::kCl100k,
     {{"<|endoftext|>", 100257},
      {"<|fim_prefix|>", 100258},
      {"<|fim_middle|>", 100259},
      {"<|fim_suffix|>", 100260},
      {"<|endofprompt|>", 100276}},
     5},
    {"o200k_base", Pattern::kO200k, {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}}, 2},
};

const TiktokenEncoding* tiktoken_encoding(const std::string& name) {
  for (const TiktokenEncoding& e : kTiktokenEncodings)
    if (name == e.name) return &e;
  return nullptr;
}

}  // namespace

bool is_named_encoding(const std::string& name) {
  return name == "gpt2" || tiktoken_encoding(name) != nullptr;
}

Status Tokenizer::load_tiktoken(const std::string& path, Tokenizer* out) {
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return parse_tiktoken(data, path, out);
}

Status Tokenizer::parse_tiktoken(const std::string& data, const std::string& name, Tokenizer* out) {
  if (data.empty()) return Status::bad_input(name + ": empty file, expected tiktoken ranks ('base64 rank' lines)");
  LineReader r(name, data);
  std::vector<std::string> tokens;
  std::string line, bytes;
  while (r.next(&line)) {
    const size_t sp = line.find(' ');
    if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
      return r.error("expected 'BASE64 RANK'");
    if (!base64_decode(std::string_view(line).substr(0, sp), &bytes))
      return r.error("'" + printable(line.substr(0, sp)) + "' is not base64 of a token's bytes");
    size_t pos = sp + 1;
    long rank = 0;
    if (!parse_digits(line, &pos, &rank) || pos != line.size())
      return r.error("rank '" + printable(line.substr(sp + 1)) + "' is not a whole number");
    if (size_t(rank) != tokens.size())
      return r.error("rank " + std::to_string(rank) + " out of order: expected " +
                     std::to_string(tokens.size()) + " (ranks count up from 0, one per line)");
    tokens.push_back(bytes);  // from_ranks finds the duplicates
  }
  size_t at = 0;
  Tokenizer t;
  if (Status s = from_ranks(tokens, &t, &at); !s.ok())
    return Status::bad_input(name + ":" + std::to_string(at + 1) + ": " + s.message());
  *out = std::move(t);
  return Status();
}

Status Tokenizer::load_named(const std::string& name, Tokenizer* out) {
  if (name == "gpt2") {
    std::string ej = path_join(kGpt2Dir, "encoder.json"), vb = path_join(kGpt2Dir, "vocab.bpe");
    if (!file_exists(ej) || !file_exists(vb))
      return Status::io_error(std::string("GPT-2's files are not in ") + kGpt2Dir +
                              "/ (run 'make gpt2' to fetch them)");
    return load_gpt2(ej, vb, out);
  }
  if (const TiktokenEncoding* e = tiktoken_encoding(name)) {
    const std::string path = path_join(kTiktokenDir, name + ".tiktoken");
    if (!file_exists(path))
      return Status::io_error(path + " is missing (run 'make tiktoken' to fetch " + name + "'s ranks)");
    Tokenizer t;
    EMBEDLAB_RETURN_IF_ERROR(load_tiktoken(path, &t));
    for (int i = 0; i < e->n_specials; i++)
      EMBEDLAB_RETURN_IF_ERROR(t.add_special(e->specials[i].text, e->specials[i].id, true).with_context(path));
    t.set_pattern(e->pattern);
    *out = std::move(t);
    return Status();
  }
  return load(name, out);
}

std::string Tokenizer::vocab_dump() const {
  std::string o;
  for (size_t r = 0; r < merges_.size(); r++) {
    int32_t a = merges_[r].first, b = merges_[r].second, id = int32_t(256 + r);
    o += "[" + bytes_to_display(token_bytes_[size_t(a)]) + "][" +
         bytes_to_display(token_bytes_[size_t(b)]) + "] -> [" +
         bytes_to_display(token_bytes_[size_t(id)]) + "] " + std::to_string(id) + "\n";
  }
  for (const SpecialToken& s : specials_) o += "special [" + s.text + "] " + std::to_string(s.id) + "\n";
  return o;
}

}  // namespace embedlab
