#include "gpt2_fixture.h"

#include <cstdio>
#include <cstdlib>

#include "util/crc32.h"
#include "util/file.h"

using embedlab::Status;

namespace embedlab_test {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool parse_hex(const std::string& hex, std::string* out) {
  if (hex.size() % 2) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(char(hi * 16 + lo));
  }
  return true;
}

bool parse_ids(const std::string& s, std::vector<int32_t>* ids) {
  ids->clear();
  const char* p = s.c_str();
  while (*p) {
    char* end = nullptr;
    long v = std::strtol(p, &end, 10);
    if (end == p || v < 0 || v > 0x7FFFFFFF) return false;
    ids->push_back(int32_t(v));
    p = end;
    while (*p == ' ') p++;
  }
  return true;
}

}  // namespace

Status read_gpt2_fixture(const std::string& path, Gpt2Fixture* out) {
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(embedlab::read_file(path, &data));
  *out = Gpt2Fixture();
  size_t pos = 0, line_no = 0;
  long expect_cases = -1;
  auto bad = [&](const std::string& what) {
    return Status::bad_input(path + ":" + std::to_string(line_no) + ": " + what);
  };
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) {
      line_no++;
      return bad("last line has no newline (truncated file?)");
    }
    const std::string line = data.substr(pos, nl - pos);
    const size_t line_start = pos;
    pos = nl + 1;
    line_no++;
    if (line.empty() || line[0] == '#') continue;
    const size_t sp = line.find(' ');
    const std::string key = line.substr(0, sp), value = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (key == "tiktoken") {
      out->tiktoken_version = value;
    } else if (key == "encoding") {
      if (value != "gpt2" && value != "cl100k_base" && value != "o200k_base")
        return bad("expected encoding gpt2, cl100k_base or o200k_base, got '" + value + "'");
      out->encoding = value;
    } else if (key == "special") {
      const size_t at = value.rfind(' ');
      std::vector<int32_t> id;
      if (at == std::string::npos || !parse_ids(value.substr(at + 1), &id) || id.size() != 1)
        return bad("expected 'special TEXT ID'");
      out->specials.emplace_back(value.substr(0, at), id[0]);
    } else if (key == "cases") {
      expect_cases = std::atol(value.c_str());
    } else if (key == "case") {
      out->cases.push_back(Gpt2Case{value, "", {}});
    } else if (key == "text") {
      if (out->cases.empty() || !parse_hex(value, &out->cases.back().text))
        return bad("expected hex bytes after a case line");
    } else if (key == "ids") {
      if (out->cases.empty() || !parse_ids(value, &out->cases.back().ids))
        return bad("expected ids after a case line");
    } else if (key == "crc32") {
      uint32_t want = uint32_t(std::strtoul(value.c_str(), nullptr, 16));
      uint32_t got = embedlab::crc32(data.data(), line_start);
      if (got != want) {
        char buf[80];
        std::snprintf(buf, sizeof buf, "CRC-32 of the lines above is %08x, the file says %08x",
                      unsigned(got), unsigned(want));
        return bad(buf);
      }
      if (long(out->cases.size()) != expect_cases)
        return bad("the file holds " + std::to_string(out->cases.size()) + " cases but says " +
                   std::to_string(expect_cases));
      return Status();
    } else {
      return bad("unknown line '" + key + "'");
    }
  }
  return Status::bad_input(path + ": no crc32 line at the end (truncated file?)");
}

}  // namespace embedlab_test
