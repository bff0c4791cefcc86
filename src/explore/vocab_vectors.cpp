#include "explore/vocab_vectors.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "text/utf8.h"
#include "util/rng.h"

namespace embedlab {

namespace {
bool is_letter(unsigned char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
}  // namespace

bool is_word_like(const std::string& token) {
  size_t start = (!token.empty() && token[0] == ' ') ? 1 : 0;
  if (start >= token.size()) return false;
  for (size_t i = start; i < token.size(); i++)
    if (!is_letter(static_cast<unsigned char>(token[i]))) return false;
  return true;
}

Status VocabVectors::create(VocabVectors* out, std::vector<float> E,
                            std::vector<std::string> tokens, int C, EncodeFn encode) {
  if (tokens.empty()) return Status::bad_input("embedding table is empty (0 tokens)");
  if (C <= 0) return Status::bad_input("embedding dimension must be positive, got " +
                                       std::to_string(C));
  size_t V = tokens.size();
  if (E.size() != V * size_t(C))
    return Status::bad_input("embedding table has " + std::to_string(E.size()) +
                             " values but " + std::to_string(V) + " tokens x " +
                             std::to_string(C) + " columns need " + std::to_string(V * C));
  for (size_t i = 0; i < E.size(); i++)
    if (!std::isfinite(E[i]))
      return Status::bad_input("embedding table row " + std::to_string(i / C) +
                               " holds a non-finite value");
  VocabVectors vv;
  vv.V_ = int(V);
  vv.C_ = C;
  vv.E_ = std::move(E);
  vv.tokens_ = std::move(tokens);
  vv.encode_ = std::move(encode);
  vv.En_.resize(vv.E_.size());
  vv.word_like_.resize(V);
  vv.zero_.resize(V);
  for (size_t r = 0; r < V; r++) {
    const float* e = vv.E_.data() + r * C;
    double ss = 0;
    for (int c = 0; c < C; c++) ss += double(e[c]) * e[c];
    double inv = ss > 0 ? 1.0 / std::sqrt(ss) : 0.0;
    for (int c = 0; c < C; c++) vv.En_[r * C + c] = float(e[c] * inv);
    vv.zero_[r] = ss == 0 ? 1 : 0;
    vv.word_like_[r] = is_word_like(vv.tokens_[r]) ? 1 : 0;
    vv.index_.emplace(vv.tokens_[r], int32_t(r));  // a duplicate keeps the first id
  }
  *out = std::move(vv);
  return Status();
}

Status random_vocab_vectors(VocabVectors* out, const std::vector<std::string>& tokens, int C,
                            uint64_t seed) {
  Rng rng(seed);
  std::vector<float> E(tokens.size() * size_t(std::max(C, 0)));
  for (float& x : E) x = float(rng.normal());
  return VocabVectors::create(out, std::move(E), tokens, C);
}

int32_t VocabVectors::find_token(const std::string& bytes) const {
  auto it = index_.find(bytes);
  return it == index_.end() ? -1 : it->second;
}

int32_t VocabVectors::find_word(const std::string& word) const {
  if (word.empty()) return -1;
  int32_t id = find_token(" " + word);
  return id >= 0 ? id : find_token(word);
}

std::string quote_token(const std::string& bytes) {
  std::string out = "'";
  auto escaped = [&](unsigned char ch) {  // control bytes and bytes of invalid UTF-8
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", ch);
    out += buf;
  };
  utf8_for_each(
      bytes,
      [&](const char* p, int n) {
        const unsigned char ch = static_cast<unsigned char>(*p);
        if (n > 1) out.append(p, size_t(n));  // a whole UTF-8 character: shown as itself
        else if (ch == '\n') out += "\\n";
        else if (ch == '\t') out += "\\t";
        else if (ch == '\r') out += "\\r";
        else if (ch == '\\') out += "\\\\";
        else if (ch < 0x20 || ch == 0x7f) escaped(ch);
        else out += char(ch);
      },
      escaped);
  return out + "'";
}

int edit_distance(const std::string& a, const std::string& b) {
  // One row of the dynamic-programming table: d[j] = distance(a[:i], b[:j]).
  std::vector<int> d(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) d[j] = int(j);
  for (size_t i = 1; i <= a.size(); i++) {
    int diag = d[0];  // distance(a[:i-1], b[:j-1])
    d[0] = int(i);
    for (size_t j = 1; j <= b.size(); j++) {
      int up = d[j];  // distance(a[:i-1], b[:j])
      int sub = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[j] = std::min({sub, up + 1, d[j - 1] + 1});
      diag = up;
    }
  }
  return d[b.size()];
}

std::vector<std::string> close_spellings(const VocabVectors& vv, const std::string& word,
                                         int max_count, int max_edits) {
  int limit = max_edits > 0 ? max_edits : std::max(1, int(word.size()) / 2);
  std::vector<std::pair<int, int32_t>> found;  // (distance, id)
  std::set<std::string> seen;
  for (int32_t id = 0; id < vv.V(); id++) {
    if (!vv.word_like(id)) continue;
    const std::string& t = vv.token(id);
    std::string spelling = t[0] == ' ' ? t.substr(1) : t;
    if (spelling == word) continue;
    // Length differences alone cost edits: skip the DP when they are already too many.
    int len_gap = std::abs(int(spelling.size()) - int(word.size()));
    if (len_gap > limit) continue;
    int d = edit_distance(word, spelling);
    if (d <= limit) found.push_back({d, id});
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& [d, id] : found) {
    const std::string& t = vv.token(id);
    std::string spelling = t[0] == ' ' ? t.substr(1) : t;
    if (!seen.insert(spelling).second) continue;  // " queen" and "queen": one spelling
    out.push_back(spelling);
    if (int(out.size()) == max_count) break;
  }
  return out;
}

namespace {
Status unknown_word(const VocabVectors& vv, const std::string& word, const std::string& why) {
  std::string msg = "unknown word " + quote_token(word);
  std::vector<std::string> close = close_spellings(vv, word);
  if (!close.empty()) {
    msg += " (did you mean: ";
    for (size_t i = 0; i < close.size(); i++) msg += (i ? ", " : "") + close[i];
    msg += "?)";
  } else {
    msg += " (" + why + ")";
  }
  return Status::bad_input(msg);
}
}  // namespace

Status word_vector(WordVector* out, const VocabVectors& vv, const std::string& word) {
  if (word.empty()) return Status::bad_input("empty word: expected a word such as 'king'");
  int C = vv.C();
  int32_t id = vv.find_word(word);
  if (id >= 0) {
    out->v.assign(vv.row(id), vv.row(id) + C);
    out->ids = {id};
    out->note.clear();
    return Status();
  }
  if (!vv.encode())
    return unknown_word(vv, word, "not a single token, and no tokenizer was given to split it");
  std::vector<int32_t> ids;
  Status s = vv.encode()(" " + word, &ids);
  if (!s.ok()) return s.with_context("encoding " + quote_token(word));
  if (ids.empty()) return unknown_word(vv, word, "it encodes to no tokens");
  for (int32_t t : ids)
    if (t < 0 || t >= vv.V())
      return Status::bad_input("encoding " + quote_token(word) + " gave token id " +
                               std::to_string(t) + " but the table has " +
                               std::to_string(vv.V()) + " rows");
  std::vector<double> sum(size_t(C), 0.0);
  for (int32_t t : ids)
    for (int c = 0; c < C; c++) sum[size_t(c)] += vv.row(t)[c];
  out->v.resize(size_t(C));
  for (int c = 0; c < C; c++) out->v[size_t(c)] = float(sum[size_t(c)] / double(ids.size()));
  out->ids = ids;
  if (ids.size() == 1) {
    out->note = quote_token(word) + " is the token " + quote_token(vv.token(ids[0]));
    return Status();
  }
  std::string list;
  for (size_t i = 0; i < ids.size(); i++) list += (i ? "," : "") + quote_token(vv.token(ids[i]));
  out->note = quote_token(word) + " is " + std::to_string(ids.size()) + " tokens [" + list +
              "]: using their mean";
  // A typo is several tokens too: name the whole words it is close to. Closer than for
  // an unknown word (a third of its letters), so that a real word made of pieces,
  // such as "kingdoms", is not taken for a misspelt "king".
  std::vector<std::string> close = close_spellings(vv, word, 3, std::max(1, int(word.size()) / 3));
  if (!close.empty()) {
    out->note += " (did you mean: ";
    for (size_t i = 0; i < close.size(); i++) out->note += (i ? ", " : "") + close[i];
    out->note += "?)";
  }
  return Status();
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) i++;
    size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) j++;
    if (j > i) words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

std::string ascii_lower(std::string s) {
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace embedlab
