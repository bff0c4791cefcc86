#include "explore/export.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "util/file.h"

namespace embedlab {

namespace {

// GPT-2's bytes_to_unicode: byte b -> code point. The printable bytes '!'..'~',
// 0xA1..0xAC and 0xAE..0xFF map to themselves; the other 68, in increasing order,
// to 256, 257, ... (so space, byte 32, is the 33rd: 256 + 32 = U+0120).
std::array<uint32_t, 256> byte_to_code_point() {
  std::array<uint32_t, 256> map{};
  uint32_t n = 0;
  for (uint32_t b = 0; b < 256; b++) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    map[b] = printable ? b : 256 + n++;
  }
  return map;
}

const std::array<uint32_t, 256>& code_points() {
  static const std::array<uint32_t, 256> map = byte_to_code_point();
  return map;
}

void append_utf8(std::string* out, uint32_t cp) {  // cp < 0x800 here
  if (cp < 0x80) {
    *out += char(cp);
  } else {
    *out += char(0xC0 | (cp >> 6));
    *out += char(0x80 | (cp & 0x3F));
  }
}

Status check_table(const std::vector<float>& E, size_t V, int C) {
  if (V == 0) return Status::bad_input("embedding table is empty (0 tokens)");
  if (C <= 0) return Status::bad_input("embedding dimension must be positive, got " +
                                       std::to_string(C));
  if (E.size() != V * size_t(C))
    return Status::bad_input("embedding table has " + std::to_string(E.size()) +
                             " values but " + std::to_string(V) + " tokens x " +
                             std::to_string(C) + " columns need " + std::to_string(V * C));
  return Status();
}

void append_float(std::string* out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", double(v));
  *out += buf;
}

}  // namespace

std::string gpt2_printable(const std::string& bytes) {
  std::string out;
  for (unsigned char b : bytes) append_utf8(&out, code_points()[b]);
  return out;
}

Status gpt2_bytes_from_printable(const std::string& printable, std::string* bytes) {
  bytes->clear();
  size_t i = 0;
  while (i < printable.size()) {
    unsigned char c0 = static_cast<unsigned char>(printable[i]);
    uint32_t cp;
    if (c0 < 0x80) {
      cp = c0;
      i += 1;
    } else if ((c0 & 0xE0) == 0xC0 && i + 1 < printable.size()) {
      cp = (uint32_t(c0 & 0x1F) << 6) | (static_cast<unsigned char>(printable[i + 1]) & 0x3F);
      i += 2;
    } else {
      return Status::bad_input("byte " + std::to_string(i) + " of '" + printable +
                               "': expected a character of GPT-2's byte mapping");
    }
    int found = -1;
    for (int b = 0; b < 256 && found < 0; b++)
      if (code_points()[size_t(b)] == cp) found = b;
    if (found < 0) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", unsigned(cp));
      return Status::bad_input(std::string(buf) + " in '" + printable +
                               "' is not a character of GPT-2's byte mapping");
    }
    *bytes += char(found);
  }
  return Status();
}

Status word2vec_text(std::string* out, const std::vector<float>& E,
                     const std::vector<std::string>& tokens, int C) {
  EMBEDLAB_RETURN_IF_ERROR(check_table(E, tokens.size(), C));
  out->clear();
  *out += std::to_string(tokens.size()) + " " + std::to_string(C) + "\n";
  for (size_t r = 0; r < tokens.size(); r++) {
    *out += gpt2_printable(tokens[r]);
    for (int c = 0; c < C; c++) {
      *out += ' ';
      append_float(out, E[r * C + c]);
    }
    *out += '\n';
  }
  return Status();
}

Status npy_bytes(std::string* out, const std::vector<float>& E, int V, int C) {
  if (V <= 0) return Status::bad_input("embedding table is empty (0 tokens)");
  EMBEDLAB_RETURN_IF_ERROR(check_table(E, size_t(V), C));
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(V) + ", " + std::to_string(C) + "), }";
  // numpy.save leaves room for the first dimension to grow to 21 digits in place...
  header += std::string(21 - std::to_string(V).size(), ' ');
  // ...then pads with spaces so that magic (6) + version (2) + length (2) + header + '\n'
  // is a multiple of 64 (a full 64 spaces when it already is, as numpy does).
  size_t hlen = header.size() + 1;
  size_t pad = 64 - (10 + hlen) % 64;
  header += std::string(pad, ' ') + "\n";
  if (header.size() > 65535) return Status::bad_input("npy header too long");
  out->assign("\x93NUMPY\x01\x00", 8);
  *out += char(header.size() & 0xFF);
  *out += char(header.size() >> 8);
  *out += header;
  out->reserve(out->size() + E.size() * 4);
  for (float v : E) {  // little-endian float32, whatever the machine's byte order
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int k = 0; k < 4; k++) *out += char((bits >> (8 * k)) & 0xFF);
  }
  return Status();
}

Status projector_tsv(std::string* vectors, std::string* metadata, const std::vector<float>& E,
                     const std::vector<std::string>& tokens, int C) {
  EMBEDLAB_RETURN_IF_ERROR(check_table(E, tokens.size(), C));
  vectors->clear();
  metadata->clear();
  for (size_t r = 0; r < tokens.size(); r++) {
    for (int c = 0; c < C; c++) {
      if (c) *vectors += '\t';
      append_float(vectors, E[r * C + c]);
    }
    *vectors += '\n';
    // No tab, newline or space survives the mapping: one safe TSV field per label.
    *metadata += gpt2_printable(tokens[r]) + "\n";
  }
  return Status();
}

Status save_word2vec_text(const std::string& path, const std::vector<float>& E,
                          const std::vector<std::string>& tokens, int C) {
  std::string text;
  EMBEDLAB_RETURN_IF_ERROR(word2vec_text(&text, E, tokens, C).with_context(path));
  return write_file_atomic(path, text);
}

Status save_npy(const std::string& path, const std::vector<float>& E, int V, int C) {
  std::string bytes;
  EMBEDLAB_RETURN_IF_ERROR(npy_bytes(&bytes, E, V, C).with_context(path));
  return write_file_atomic(path, bytes);
}

Status save_projector_tsv(const std::string& vectors_path, const std::string& metadata_path,
                          const std::vector<float>& E, const std::vector<std::string>& tokens,
                          int C) {
  std::string vectors, metadata;
  EMBEDLAB_RETURN_IF_ERROR(
      projector_tsv(&vectors, &metadata, E, tokens, C).with_context(vectors_path));
  EMBEDLAB_RETURN_IF_ERROR(write_file_atomic(vectors_path, vectors));
  return write_file_atomic(metadata_path, metadata);
}

}  // namespace embedlab
