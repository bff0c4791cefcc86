// Our own tokenizer file format (GPT-2's files: gpt2_files.cpp; tiktoken's rank
// files: tiktoken_file.cpp). It is text, one item per line, checked line by line when read:
//   embedlab-tokenizer 1            magic and version
//   pattern gpt2                    the pre-tokenizer: gpt2 or none
//   bytes identity                  or "bytes" and 256 ids (GPT-2 numbers bytes its own way)
//   merges N                        then N lines "a b": merge r joins ids a, b into 256 + r
//   specials K                      then K lines "id text" (text with \xNN escapes)
//   checksum 1a2b3c4d               CRC-32 of every byte before this line, hex
// Version 2 is the same lines for a tokenizer made from tiktoken's ranks: its pairs
// join by tiktoken's rule (Tokenizer::joins_by_bytes), and its special ids may leave
// gaps. Every other tokenizer is still written as version 1, byte for byte as before.
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "text/byte_unicode.h"
#include "tokenizer/file_reading.h"
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

Status Tokenizer::load(const std::string& path, Tokenizer* out) {
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return deserialize(data, path, out);
}

namespace {

// The reading of our format, a step per part of the file; each reads from r into *t.
Status read_header(LineReader* r, Tokenizer* t, bool* by_bytes) {
  std::string line;
  r->next(&line);
  if (line.compare(0, sizeof kMagic - 1, kMagic) != 0)
    return r->error("expected '" + std::string(kMagic) + " " + std::to_string(kVersion) +
                    "' (not an embedlab tokenizer file)");
  *by_bytes = line == std::string(kMagic) + " " + std::to_string(kVersionByBytes);
  if (line != std::string(kMagic) + " " + std::to_string(kVersion) && !*by_bytes)
    return r->error("unsupported version line '" + printable(line) + "', this build reads versions " +
                    std::to_string(kVersion) + " and " + std::to_string(kVersionByBytes));
  if (!r->next(&line) || line.compare(0, 8, "pattern ") != 0) return r->error("expected 'pattern NAME'");
  Pattern p;
  if (Status s = parse_pattern(line.substr(8), &p); !s.ok()) return r->error(s.message());
  t->set_pattern(p);
  return Status();
}

// "bytes identity", or "bytes" and the 256 byte ids.
Status read_byte_ids(LineReader* r, Tokenizer* t) {
  std::string line;
  if (!r->next(&line)) return r->error("file truncated: expected a 'bytes' line");
  if (line == "bytes identity") return Status();
  std::vector<int32_t> ids;
  size_t pos = 5;
  bool ok = line.compare(0, 5, "bytes") == 0;
  while (ok && pos < line.size()) {
    long v = 0;
    pos++;  // the space before each id
    ok = line[pos - 1] == ' ' && parse_digits(line, &pos, &v);
    ids.push_back(int32_t(v));
  }
  if (!ok || ids.size() != 256) return r->error("expected 'bytes identity' or 'bytes' and 256 ids");
  if (Status s = t->set_byte_ids(ids); !s.ok()) return r->error(s.message());
  return Status();
}

// "merges N" and N lines "a b".
Status read_merges(LineReader* r, Tokenizer* t) {
  std::string line;
  long n = 0;
  if (!r->next(&line) || !parse_count(line, "merges", 0, 10000000, &n))
    return r->error("expected 'merges N'");
  size_t total = 0;
  for (long i = 0; i < n; i++) {
    if (!r->next(&line)) return r->error("file truncated: expected " + std::to_string(n) + " merges");
    size_t pos = 0;
    long a = 0, b = 0;
    if (!parse_digits(line, &pos, &a) || pos >= line.size() || line[pos++] != ' ' ||
        !parse_digits(line, &pos, &b) || pos != line.size())
      return r->error("expected a merge 'a b'");
    if (Status s = add_checked_merge(t, i, a, b, &total); !s.ok()) return r->error(s.message());
  }
  return Status();
}

// "specials K" and K lines "id text"; with gaps before an id when by_bytes.
Status read_specials(LineReader* r, bool by_bytes, Tokenizer* t) {
  std::string line;
  long k = 0;
  if (!r->next(&line) || !parse_count(line, "specials", 0, 1000, &k))
    return r->error("expected 'specials K'");
  for (long i = 0; i < k; i++) {
    if (!r->next(&line)) return r->error("file truncated: expected " + std::to_string(k) + " special tokens");
    size_t pos = 0;
    long id = 0;
    std::string text;
    if (!parse_digits(line, &pos, &id) || pos >= line.size() || line[pos] != ' ' ||
        !unescape(line.substr(pos + 1), &text))
      return r->error("expected a special token 'id text'");
    if (Status s = t->add_special(text, int32_t(id), by_bytes); !s.ok()) return r->error(s.message());
  }
  return Status();
}

// The last line: the CRC-32 of every byte before it, and then nothing.
Status read_checksum(LineReader* r, const std::string& data) {
  const size_t body_end = r->offset();
  std::string line;
  if (!r->next(&line)) return r->error("file truncated: expected 'checksum XXXXXXXX'");
  bool hex = line.size() == 17 && line.compare(0, 9, "checksum ") == 0 && !r->unterminated();
  for (size_t i = 9; hex && i < 17; i++)
    hex = (line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'f');
  if (!hex) return r->error("expected 'checksum XXXXXXXX' (8 lowercase hex digits) and a newline");
  if (uint32_t(std::strtoul(line.c_str() + 9, nullptr, 16)) != crc32(data.data(), body_end))
    return r->error("checksum mismatch: the file is corrupted");
  if (r->next(&line)) return r->error("unexpected text after the checksum line");
  return Status();
}

}  // namespace

Status Tokenizer::deserialize(const std::string& data, const std::string& path, Tokenizer* out) {
  if (data.empty()) return Status::bad_input(path + ": empty file, expected an embedlab tokenizer");
  LineReader r(path, data);
  Tokenizer t;
  bool by_bytes = false;
  EMBEDLAB_RETURN_IF_ERROR(read_header(&r, &t, &by_bytes));
  EMBEDLAB_RETURN_IF_ERROR(read_byte_ids(&r, &t));
  EMBEDLAB_RETURN_IF_ERROR(read_merges(&r, &t));
  int32_t dup = 0;
  if (by_bytes)
    if (Status s = t.join_by_bytes(&dup); !s.ok())
      return Status::bad_input(path + ": merge " + std::to_string(dup - 256) + ": " + s.message());
  EMBEDLAB_RETURN_IF_ERROR(read_specials(&r, by_bytes, &t));
  EMBEDLAB_RETURN_IF_ERROR(read_checksum(&r, data));
  *out = std::move(t);
  return Status();
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
