#include "data/token_file.h"

#include <cstdio>
#include <cstring>

#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

namespace {

const char kMagic[4] = {'E', 'L', 'T', 'K'};

void put_le(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) out->push_back(char((v >> (8 * i)) & 0xFF));
}

uint64_t get_le(const std::string& s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= uint64_t(uint8_t(s[at + i])) << (8 * i);
  return v;
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

// The first bytes of a foreign file, printable, for the error message.
std::string preview(const std::string& bytes) { return printable(bytes.substr(0, 4)); }

}  // namespace

Status encode_token_file(const std::vector<int32_t>& ids, int vocab_size, int id_width,
                         std::string* out) {
  if (vocab_size <= 0)
    return Status::bad_input("token file: vocab size must be positive, got " +
                             std::to_string(vocab_size));
  if (id_width == 0) id_width = vocab_size <= 65536 ? 2 : 4;
  if (id_width != 2 && id_width != 4)
    return Status::bad_input("token file: id width must be 2 or 4 bytes, got " +
                             std::to_string(id_width));
  if (id_width == 2 && vocab_size > 65536)
    return Status::bad_input("token file: vocab size " + std::to_string(vocab_size) +
                             " does not fit 2-byte ids (at most 65536)");
  for (size_t n = 0; n < ids.size(); n++) {
    if (ids[n] < 0 || ids[n] >= vocab_size)
      return Status::bad_input("token file: id " + std::to_string(ids[n]) + " at position " +
                               std::to_string(n) + " is outside the vocabulary of " +
                               std::to_string(vocab_size));
  }
  out->clear();
  out->reserve(kTokenFileHeaderBytes + ids.size() * id_width + 4);
  out->append(kMagic, 4);
  put_le(out, kTokenFileVersion, 4);
  put_le(out, uint32_t(vocab_size), 4);
  put_le(out, uint32_t(id_width), 4);
  put_le(out, ids.size(), 8);
  for (int32_t id : ids) put_le(out, uint32_t(id), id_width);
  put_le(out, crc32(out->data(), out->size()), 4);
  return Status();
}

Status decode_token_file(const std::string& bytes, const std::string& name, TokenFile* out) {
  const size_t min_size = kTokenFileHeaderBytes + 4;
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), kMagic, 4) != 0)
    return Status::bad_input(name + ": not an embedlab token file (starts with '" +
                             preview(bytes) + "', expected 'ELTK')");
  if (bytes.size() < min_size)
    return Status::bad_input(name + ": truncated: " + std::to_string(bytes.size()) +
                             " bytes, a token file has at least " + std::to_string(min_size));
  const uint32_t version = uint32_t(get_le(bytes, 4, 4));
  if (version != kTokenFileVersion)
    return Status::bad_input(name + ": token file version " + std::to_string(version) +
                             ", this build reads version " + std::to_string(kTokenFileVersion));
  const uint32_t vocab = uint32_t(get_le(bytes, 8, 4));
  const uint32_t width = uint32_t(get_le(bytes, 12, 4));
  const uint64_t count = get_le(bytes, 16, 8);
  if (width != 2 && width != 4)
    return Status::bad_input(name + ": id width " + std::to_string(width) +
                             " in the header, expected 2 or 4");
  if (vocab == 0 || vocab > uint32_t(INT32_MAX) || (width == 2 && vocab > 65536))
    return Status::bad_input(name + ": vocab size " + std::to_string(vocab) +
                             " in the header does not fit " + std::to_string(width) +
                             "-byte ids");
  // count * width + header + checksum, without overflow for absurd counts
  const uint64_t payload_max = (bytes.size() - min_size) / width;
  const uint64_t expected = count <= payload_max ? min_size + count * width : 0;
  if (count > payload_max || bytes.size() < expected)
    return Status::bad_input(name + ": truncated: the header promises " + std::to_string(count) +
                             " ids of " + std::to_string(width) + " bytes (" +
                             std::to_string(min_size) + " + " + std::to_string(count) + "*" +
                             std::to_string(width) + " bytes) but the file has " +
                             std::to_string(bytes.size()));
  if (bytes.size() > expected)
    return Status::bad_input(name + ": " + std::to_string(bytes.size() - expected) +
                             " unexpected bytes after the checksum (the header promises " +
                             std::to_string(count) + " ids)");
  const size_t crc_at = size_t(expected) - 4;
  const uint32_t stored = uint32_t(get_le(bytes, crc_at, 4));
  const uint32_t computed = crc32(bytes.data(), crc_at);
  if (stored != computed)
    return Status::bad_input(name + ": checksum mismatch (stored " + hex32(stored) +
                             ", computed " + hex32(computed) + "): the file is corrupted");
  out->vocab_size = int(vocab);
  out->id_width = int(width);
  out->ids.resize(size_t(count));
  for (size_t n = 0; n < count; n++) {
    const uint64_t id = get_le(bytes, kTokenFileHeaderBytes + n * width, int(width));
    if (id >= vocab)
      return Status::bad_input(name + ": id " + std::to_string(id) + " at position " +
                               std::to_string(n) + " is outside the vocabulary of " +
                               std::to_string(vocab));
    out->ids[n] = int32_t(id);
  }
  return Status();
}

Status write_token_file(const std::string& path, const std::vector<int32_t>& ids, int vocab_size,
                        int id_width) {
  std::string bytes;
  Status s = encode_token_file(ids, vocab_size, id_width, &bytes);
  if (!s.ok()) return Status::bad_input(path + ": " + s.message());
  return write_file_atomic(path, bytes);
}

Status read_token_file(const std::string& path, TokenFile* out) {
  std::string bytes;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &bytes));
  return decode_token_file(bytes, path, out);
}

}  // namespace embedlab
