#include "tokenizer/pretokenize.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <cstdlib>

namespace embedlab {

const char kGpt2PatternText[] =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

const char* pattern_name(Pattern p) { return p == Pattern::kGpt2 ? "gpt2" : "none"; }

Status parse_pattern(const std::string& name, Pattern* out) {
  if (name == "gpt2") *out = Pattern::kGpt2;
  else if (name == "none") *out = Pattern::kNone;
  else return Status::bad_input("unknown pattern '" + name + "', expected gpt2 or none");
  return Status();
}

namespace {

// The compiled pattern, built once (JIT when available).
struct Gpt2Regex {
  pcre2_code* code = nullptr;
  bool jit = false;
  Gpt2Regex() {
    int err = 0;
    PCRE2_SIZE off = 0;
    code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kGpt2PatternText), PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, nullptr);
    if (!code) {  // the pattern is a constant: failing here is a build problem
      std::fprintf(stderr, "embedlab: PCRE2 cannot compile GPT-2's pattern (error %d)\n", err);
      std::abort();
    }
    jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  }
  ~Gpt2Regex() { pcre2_code_free(code); }
};

}  // namespace

void pretokenize_pcre2(std::string_view text, std::vector<std::string_view>* pieces) {
  static const Gpt2Regex re;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re.code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t pos = 0, covered = 0;
  while (pos < text.size()) {
    int rc = re.jit ? pcre2_jit_match(re.code, subject, text.size(), pos, 0, md, nullptr)
                    : pcre2_match(re.code, subject, text.size(), pos, 0, md, nullptr);
    if (rc < 0) break;  // no further match: the rest is invalid UTF-8
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    size_t start = ov[0], end = ov[1];
    if (start > covered) pieces->push_back(text.substr(covered, start - covered));
    if (end == start) {  // cannot happen with this pattern; guard against a loop anyway
      pos = end + 1;
      continue;
    }
    pieces->push_back(text.substr(start, end - start));
    covered = pos = end;
  }
  if (covered < text.size()) pieces->push_back(text.substr(covered));
  pcre2_match_data_free(md);
}

void pretokenize(Pattern p, std::string_view text, std::vector<std::string_view>* pieces) {
  if (text.empty()) return;
  if (p == Pattern::kNone) {
    pieces->push_back(text);
    return;
  }
  pretokenize_pcre2(text, pieces);
}

}  // namespace embedlab
