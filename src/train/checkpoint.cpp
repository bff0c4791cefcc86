#include "train/checkpoint.h"

#include <cstdlib>
#include <cstring>

#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

static const char kMagic[8] = {'E', 'M', 'B', 'L', 'C', 'K', 'P', 'T'};
static const uint32_t kVersion = 1;

template <typename T>
static void put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string encode_checkpoint(const Checkpoint& ck) {
  std::string settings;
  for (const auto& kv : ck.settings) settings += kv.first + "=" + kv.second + "\n";
  std::string out(kMagic, sizeof kMagic);
  put<uint32_t>(&out, kVersion);
  put<uint32_t>(&out, uint32_t(ck.sections.size() + 1));
  auto section = [&](const std::string& name, const std::string& bytes) {
    put<uint32_t>(&out, uint32_t(name.size()));
    out += name;
    put<uint64_t>(&out, uint64_t(bytes.size()));
    out += bytes;
  };
  section("settings", settings);
  for (const auto& kv : ck.sections) section(kv.first, kv.second);
  put<uint32_t>(&out, crc32(out));
  return out;
}

Status save_checkpoint(const std::string& path, const Checkpoint& ck) {
  return write_file_atomic(path, encode_checkpoint(ck));
}

Status decode_checkpoint(const std::string& data, const std::string& name, Checkpoint* out) {
  out->settings.clear();
  out->sections.clear();
  Checkpoint ck;
  auto bad = [&](const std::string& what) {
    return Status::bad_input(name + ": not a valid embedlab checkpoint: " + what);
  };
  if (data.size() < sizeof kMagic + 12 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return bad(data.size() < sizeof kMagic ? "file too short" : "wrong magic (not a checkpoint)");
  uint32_t stored_crc;
  std::memcpy(&stored_crc, data.data() + data.size() - 4, 4);
  size_t end = data.size() - 4;
  size_t pos = sizeof kMagic;
  auto get32 = [&](uint32_t* v) {
    if (pos + 4 > end) return false;
    std::memcpy(v, data.data() + pos, 4);
    pos += 4;
    return true;
  };
  uint32_t version = 0, count = 0;
  get32(&version);
  if (version != kVersion)
    return bad("version " + std::to_string(version) + ", this build reads version " +
               std::to_string(kVersion));
  if (crc32(data.data(), end) != stored_crc) return bad("checksum mismatch (corrupted or truncated)");
  if (!get32(&count) || count > 64) return bad("section count out of range");
  for (uint32_t i = 0; i < count; i++) {
    uint32_t name_len = 0;
    if (!get32(&name_len) || name_len > 64 || pos + name_len > end) return bad("section name truncated");
    std::string section = data.substr(pos, name_len);
    const std::string shown = printable(section);  // names are bytes: keep the message one line
    pos += name_len;
    uint64_t len = 0;
    if (pos + 8 > end) return bad("section '" + shown + "' length truncated");
    std::memcpy(&len, data.data() + pos, 8);
    pos += 8;
    if (len > end - pos) return bad("section '" + shown + "' runs past the end of the file");
    std::string bytes = data.substr(pos, size_t(len));
    pos += size_t(len);
    if (section == "settings") {
      size_t start = 0;
      while (start < bytes.size()) {
        size_t nl = bytes.find('\n', start);
        if (nl == std::string::npos) return bad("settings line without newline");
        std::string line = bytes.substr(start, nl - start);
        size_t eq = line.find('=');
        if (eq == std::string::npos) return bad("settings line without '='");
        ck.settings[line.substr(0, eq)] = line.substr(eq + 1);
        start = nl + 1;
      }
    } else {
      ck.sections[section] = std::move(bytes);
    }
  }
  if (pos != end) return bad("trailing bytes after the last section");
  *out = std::move(ck);
  return Status();
}

Status load_checkpoint(const std::string& path, Checkpoint* ck) {
  ck->settings.clear();
  ck->sections.clear();
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return decode_checkpoint(data, path, ck);
}

std::string floats_to_bytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

Status bytes_to_floats(const std::string& bytes, size_t expected, const std::string& what,
                       std::vector<float>* out) {
  if (bytes.size() != expected * sizeof(float))
    return Status::bad_input(what + " has " + std::to_string(bytes.size() / sizeof(float)) +
                             " values, expected " + std::to_string(expected));
  out->resize(expected);
  std::memcpy(out->data(), bytes.data(), bytes.size());
  return Status();
}

Status setting_int(const Checkpoint& ck, const std::string& path, const std::string& key,
                   int64_t* out) {
  auto it = ck.settings.find(key);
  if (it == ck.settings.end())
    return Status::bad_input(path + ": checkpoint has no setting '" + key + "'");
  // Strictly [-]digits, at most 18 of them (so no overflow): strtoll alone would
  // accept " 7", "+7", "7\0junk" and clamp huge values silently.
  const std::string& text = it->second;
  const size_t first = !text.empty() && text[0] == '-' ? 1 : 0;
  bool digits = text.size() > first && text.size() - first <= 18;
  for (size_t i = first; digits && i < text.size(); i++) digits = text[i] >= '0' && text[i] <= '9';
  if (!digits)
    return Status::bad_input(path + ": setting " + key + "=" + printable(text) +
                             " is not a whole number of at most 18 digits");
  *out = std::strtoll(text.c_str(), nullptr, 10);
  return Status();
}

}  // namespace embedlab
