#include "explore/word2vec_file.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "explore/export.h"
#include "util/file.h"
#include "util/lines.h"

namespace embedlab {

namespace {

// A piece of the file, safe and short enough for a one-line message.
std::string shown(const std::string& bytes) {
  const size_t kMax = 40;
  return "'" + printable(bytes.substr(0, kMax)) + (bytes.size() > kMax ? "...'" : "'");
}

std::vector<std::string> split_blanks(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::strchr(" \t\r", line[i]) && line[i]) i++;
    size_t j = i;
    while (j < line.size() && !(std::strchr(" \t\r", line[j]) && line[j])) j++;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// A whole number in [1, INT32_MAX], or false.
bool parse_size(const std::string& s, int* out) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const long long v = std::atoll(s.c_str());
  if (v < 1 || v > INT32_MAX) return false;
  *out = int(v);
  return true;
}

// The header "V C"; *pos is left at the first byte after its '\n'.
Status parse_header(const std::string& bytes, const std::string& path, int* V, int* C,
                    size_t* pos) {
  size_t end = bytes.find('\n');
  if (end == std::string::npos) end = bytes.size();
  const std::string line = bytes.substr(0, end);
  std::vector<std::string> f = split_blanks(line);
  if (f.size() != 2 || !parse_size(f[0], V) || !parse_size(f[1], C))
    return Status::bad_input(path + ":1: expected a header 'V C' (how many words, how many "
                                    "numbers each; whole numbers from 1), got " + shown(line));
  *pos = end + 1;
  return Status();
}

// The start of the first record after the header: optional newlines, then the word.
size_t skip_newlines(const std::string& bytes, size_t pos) {
  while (pos < bytes.size() && bytes[pos] == '\n') pos++;
  return pos;
}

// One float from a text field, or an error naming line and value.
Status parse_number(const std::string& field, const std::string& where, int index, float* out) {
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (end == field.c_str() || *end != '\0')
    return Status::bad_input(where + "value " + std::to_string(index) + " " + shown(field) +
                             " is not a number");
  *out = float(v);
  if (!std::isfinite(*out))
    return Status::bad_input(where + "value " + std::to_string(index) + " " + shown(field) +
                             " is not a finite float32");
  return Status();
}

Status parse_text(const std::string& bytes, size_t pos, int V, int C, const std::string& path,
                  std::vector<float>* E, std::vector<std::string>* words) {
  const Status read = for_each_line(bytes, pos, 2, [&](const std::string& line, int line_no) {
    std::vector<std::string> f = split_blanks(line);
    if (f.empty()) return Status();
    const std::string where = path + ":" + std::to_string(line_no) + ": ";
    if (int(words->size()) == V)
      return Status::bad_input(where + "the header says " + std::to_string(V) +
                               " words, but more lines follow");
    if (f.size() != size_t(C) + 1)
      return Status::bad_input(where + "expected " + std::to_string(C) + " numbers after the word " +
                               shown(f[0]) + ", got " + std::to_string(f.size() - 1));
    for (int c = 0; c < C; c++) {
      float x;
      EMBEDLAB_RETURN_IF_ERROR(parse_number(f[size_t(c) + 1], where, c + 1, &x));
      E->push_back(x);
    }
    words->push_back(f[0]);
    return Status();
  });
  EMBEDLAB_RETURN_IF_ERROR(read);
  if (int(words->size()) != V)
    return Status::bad_input(path + ": the header says " + std::to_string(V) + " words, but the "
                             "file holds " + std::to_string(words->size()));
  return Status();
}

Status parse_binary(const std::string& bytes, size_t pos, int V, int C, const std::string& path,
                    std::vector<float>* E, std::vector<std::string>* words) {
  const size_t row_bytes = size_t(C) * 4;
  for (int n = 0; n < V; n++) {
    const std::string which = path + ": word " + std::to_string(n + 1) + " of " + std::to_string(V);
    pos = skip_newlines(bytes, pos);
    const size_t space = bytes.find(' ', pos);
    if (pos == bytes.size() || space == std::string::npos)
      return Status::bad_input(which + ": the file ends before the word and its space");
    const std::string word = bytes.substr(pos, space - pos);
    pos = space + 1;
    if (bytes.size() - pos < row_bytes)
      return Status::bad_input(which + " (" + shown(word) + "): the file ends after " +
                               std::to_string(bytes.size() - pos) + " of its " +
                               std::to_string(row_bytes) + " bytes of floats");
    for (int c = 0; c < C; c++) {
      const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data() + pos + 4 * c);
      const uint32_t u = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
                         uint32_t(p[3]) << 24;  // little-endian on any machine
      float x;
      std::memcpy(&x, &u, 4);
      if (!std::isfinite(x))
        return Status::bad_input(which + " (" + shown(word) + "): value " + std::to_string(c + 1) +
                                 " is not finite");
      E->push_back(x);
    }
    pos += row_bytes;
    words->push_back(word);
  }
  if (skip_newlines(bytes, pos) != bytes.size())
    return Status::bad_input(path + ": the header says " + std::to_string(V) +
                             " words, but more bytes follow the last one");
  return Status();
}

// The rule in the header: map 'Ġ'-spelled token names back to their bytes.
void map_exported_names(std::vector<std::string>* words) {
  bool exported = false;
  for (const std::string& w : *words) exported |= w.rfind("\xc4\xa0", 0) == 0;  // U+0120
  if (!exported) return;
  std::vector<std::string> bytes(words->size());
  for (size_t i = 0; i < words->size(); i++)
    if (!gpt2_bytes_from_printable((*words)[i], &bytes[i]).ok()) return;
  *words = std::move(bytes);
}

}  // namespace

bool word2vec_is_binary(const std::string& bytes) {
  size_t pos = bytes.find('\n');
  if (pos == std::string::npos) return false;
  pos = skip_newlines(bytes, pos + 1);
  const size_t space = bytes.find(' ', pos);
  if (space == std::string::npos) return false;
  for (size_t i = space + 1; i < bytes.size() && bytes[i] != '\n'; i++)
    if (!bytes[i] || !std::strchr("0123456789+-.eEinfaINFA \t\r", bytes[i])) return true;
  return false;
}

Status parse_word2vec(VocabVectors* out, const std::string& bytes, const std::string& path) {
  int V = 0, C = 0;
  size_t pos = 0;
  EMBEDLAB_RETURN_IF_ERROR(parse_header(bytes, path, &V, &C, &pos));
  std::vector<float> E;
  std::vector<std::string> words;
  if (word2vec_is_binary(bytes))
    EMBEDLAB_RETURN_IF_ERROR(parse_binary(bytes, pos, V, C, path, &E, &words));
  else
    EMBEDLAB_RETURN_IF_ERROR(parse_text(bytes, pos, V, C, path, &E, &words));
  map_exported_names(&words);
  return VocabVectors::create(out, std::move(E), std::move(words), C).with_context(path);
}

Status read_word2vec(VocabVectors* out, const std::string& path) {
  std::string bytes;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &bytes));
  return parse_word2vec(out, bytes, path);
}

}  // namespace embedlab
