// The properties of the tokenizer and analogy fuzz targets, shared with make test:
// each libFuzzer target (tests/fuzz/fuzz_*.cpp) calls one of these on every input,
// and tests/harden/fuzz_corpus_test.cpp replays the seed corpora (with the inputs
// that make fuzz once found) through the same functions. Each returns "" when every
// property holds, or what failed.
#pragma once
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "explore/analogy_eval.h"
#include "text/utf8.h"
#include "tokenizer/bpe_recount.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/pretokenize.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode_classes.h"
#include "train/trainer.h"
#include "util/crc32.h"
#include "util/file.h"
#include "util/status.h"

namespace embedlab_fuzz {

// "" for an accepted input or a rejection on one non-empty line; the failure otherwise.
inline std::string one_line(const embedlab::Status& s) {
  if (s.ok() || (!s.message().empty() && s.message().find_first_of("\r\n") == std::string::npos))
    return "";
  return "the error message is empty or spans lines: \"" + s.message() + "\"";
}

// A tokenizer file with its last line replaced by "checksum <CRC-32 of the rest>":
// random bytes almost never carry the right one, so without this the fuzzer would
// stop at the checksum; with it, every parser check behind it is reached.
inline std::string with_checksum_line_repaired(const std::string& bytes) {
  size_t body = bytes.rfind("\nchecksum ");
  body = body == std::string::npos ? (bytes.rfind("checksum ", 0) == 0 ? 0 : bytes.size())
                                   : body + 1;
  std::string out = bytes.substr(0, body);
  char line[32];
  std::snprintf(line, sizeof line, "checksum %08x\n", embedlab::crc32(out));
  return out + line;
}

// GPT-2's two files in one fuzz input: encoder.json, this line, then vocab.bpe.
// Without the separator the whole input is encoder.json and vocab.bpe is empty.
constexpr char kGpt2Separator[] = "\n==== vocab.bpe ====\n";
inline void split_gpt2_input(const std::string& bytes, std::string* json, std::string* bpe) {
  const size_t at = bytes.find(kGpt2Separator);
  *json = bytes.substr(0, at);
  *bpe = at == std::string::npos ? "" : bytes.substr(at + sizeof kGpt2Separator - 1);
}

// The group of PCRE2 pattern `which` (0: classes, 1: case) that matches code point cp,
// anchored: 0 when none does. Cached per code point.
//   classes  (\p{L})|(\p{N})|(\s)                       1 letter, 2 number, 3 space
//   case     ([\p{Lu}\p{Lt}])|(\p{Ll})|([\p{Lm}\p{Lo}])|(\p{M})   1 upper, 2 lower, 3 uncased, 4 mark
inline int pcre2_group(int which, uint32_t cp) {
  static const char* const kPatterns[2] = {R"((\p{L})|(\p{N})|(\s))",
                                           R"(([\p{Lu}\p{Lt}])|(\p{Ll})|([\p{Lm}\p{Lo}])|(\p{M}))"};
  static std::vector<int8_t> cache[2] = {std::vector<int8_t>(0x110000, -1),
                                         std::vector<int8_t>(0x110000, -1)};
  if (cache[which][cp] >= 0) return cache[which][cp];
  static pcre2_code* code[2] = {nullptr, nullptr};
  if (!code[which]) {
    int err = 0;
    PCRE2_SIZE off = 0;
    code[which] = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPatterns[which]), PCRE2_ZERO_TERMINATED,
                                PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &off, nullptr);
  }
  static pcre2_match_data* md = pcre2_match_data_create(5, nullptr);
  const std::string s = embedlab::utf8_encode(cp);
  const int rc = pcre2_match(code[which], reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md, nullptr);
  // rc is one more than the highest group that matched.
  cache[which][cp] = int8_t(rc < 0 ? 0 : rc - 1);
  return cache[which][cp];
}

// PCRE2's own class of code point `cp`, as the reference patterns see it.
inline embedlab::CharClass pcre2_class(uint32_t cp) { return embedlab::CharClass(pcre2_group(0, cp)); }
// PCRE2's own case of `cp`, for o200k's pattern.
inline embedlab::CaseClass pcre2_case(uint32_t cp) { return embedlab::CaseClass(pcre2_group(1, cp)); }

// The first code point of `text` whose class (with_case: or case) differs between the
// splitter's table (Unicode 16.0, tiktoken's) and PCRE2's own (Unicode 14.0 in PCRE2
// 10.42, and U+180E), or -1. With one, the two splits may differ by design: tests/
// tokenizer/pretokenize_test.cpp lists these code points (letters and numbers new since 14.0).
inline long first_class_difference(std::string_view text, bool with_case = false) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    uint32_t cp = 0;
    const int n = embedlab::utf8_decode(p, end, &cp);
    if (n > 0 && (embedlab::unicode_class(cp) != pcre2_class(cp) ||
                  (with_case && embedlab::unicode_case(cp) != pcre2_case(cp))))
      return long(cp);
    p += n > 0 ? n : -n;
  }
  return -1;
}

inline std::string show_pieces(const std::vector<std::string_view>& pieces) {
  std::string s = std::to_string(pieces.size()) + " pieces:";
  for (std::string_view p : pieces) s += " [" + embedlab::printable(std::string(p)) + "]";
  return s;
}

// The pre-tokenizers (GPT-2's, cl100k's, o200k's) on any bytes: the pieces are
// non-empty and cover the text exactly, in order; they are exactly PCRE2's (running
// the published pattern), unless the text holds a code point the two class tables
// disagree on; pattern "none" gives the whole text as one piece.
inline std::string check_pretokenize(std::string_view text) {
  using embedlab::Pattern;
  for (Pattern pattern : {Pattern::kGpt2, Pattern::kCl100k, Pattern::kO200k}) {
    const std::string name = std::string("pattern ") + embedlab::pattern_name(pattern) + ": ";
    std::vector<std::string_view> fast, reference;
    embedlab::pretokenize(pattern, text, &fast);
    size_t at = 0;
    for (std::string_view p : fast) {
      if (p.empty()) return name + "an empty piece: " + show_pieces(fast);
      if (p.data() != text.data() + at) return name + "the pieces do not cover the text: " + show_pieces(fast);
      at += p.size();
    }
    if (at != text.size()) return name + "the pieces do not cover the text: " + show_pieces(fast);
    embedlab::pretokenize_pcre2(pattern, text, &reference);
    if (fast != reference && first_class_difference(text, pattern == Pattern::kO200k) < 0)
      return name + "pretokenize != pretokenize_pcre2: " + show_pieces(fast) + " vs " +
             show_pieces(reference);
  }
  std::vector<std::string_view> whole;
  embedlab::pretokenize(Pattern::kNone, text, &whole);
  if (text.empty() ? !whole.empty() : (whole.size() != 1 || whole[0] != text))
    return "pattern none is not the whole text: " + show_pieces(whole);
  return "";
}

// The trained tokenizer the encode checks use: corpus/toyworld.txt's (read from the
// project root), trained as `embedlab train` does with its default vocabulary of
// 1,280 tokens, two of them the special tokens "<|endoftext|>" and "<|pad|>" so that
// the special policies have something to act on.
inline embedlab::Status toyworld_tokenizer(embedlab::Tokenizer* out) {
  std::string corpus;
  EMBEDLAB_RETURN_IF_ERROR(embedlab::read_file("corpus/toyworld.txt", &corpus));
  embedlab::BpeTrainOptions o;
  o.vocab_size = embedlab::kDefaultVocabSize;
  o.specials = {"<|endoftext|>", "<|pad|>"};
  return embedlab::bpe_train(corpus, o, out);
}

// toyworld_tokenizer, trained once per process and shared (nullptr if it failed).
inline const embedlab::Tokenizer* shared_toyworld_tokenizer() {
  static embedlab::Tokenizer t;
  static const bool ok = toyworld_tokenizer(&t).ok();
  return ok ? &t : nullptr;
}

// Encoding `text` with each special policy, and decoding ids, never fails a property:
//   kAsText and kAllow always succeed and decode back to `text` exactly; kAsText never
//   emits a special id, kAllow emits one exactly when special text occurs;
//   kRefuse succeeds (with the same ids as kAsText) exactly when no special text
//   occurs, else it fails on one line;
//   a second encode gives the same ids (the piece cache changes nothing);
//   `text` read as 32-bit ids decodes when every id is in range, else fails on one line.
inline std::string check_encode_decode(const embedlab::Tokenizer& tok, const std::string& text) {
  using embedlab::SpecialPolicy;
  using embedlab::Status;
  bool has_special = false;
  for (const embedlab::SpecialToken& sp : tok.specials())
    has_special = has_special || text.find(sp.text) != std::string::npos;
  std::vector<int32_t> as_text;
  for (SpecialPolicy policy : {SpecialPolicy::kAsText, SpecialPolicy::kAllow, SpecialPolicy::kRefuse}) {
    const std::string name = policy == SpecialPolicy::kAsText  ? "kAsText"
                             : policy == SpecialPolicy::kAllow ? "kAllow"
                                                               : "kRefuse";
    std::vector<int32_t> ids, again;
    Status s = tok.encode(text, &ids, policy);
    if (std::string e = one_line(s); !e.empty()) return name + ": " + e;
    if (!s.ok()) {
      if (policy != SpecialPolicy::kRefuse || !has_special)
        return name + ": encode failed: " + s.message();
      continue;
    }
    if (policy == SpecialPolicy::kRefuse && has_special)
      return "kRefuse: encoded text that holds a special token";
    bool emitted_special = false;
    for (int32_t id : ids) {
      if (id < 0 || id >= tok.vocab_size()) return name + ": an id outside the vocabulary";
      emitted_special = emitted_special || tok.is_special(id);
    }
    if (emitted_special != (policy == SpecialPolicy::kAllow && has_special))
      return name + ": special ids " + (emitted_special ? "emitted" : "missing");
    std::string back;
    s = tok.decode(ids, &back);
    if (!s.ok()) return name + ": decode failed: " + s.message();
    if (back != text)
      return name + ": decode(encode(x)) != x (" + std::to_string(text.size()) + " bytes in, " +
             std::to_string(back.size()) + " out)";
    if (!tok.encode(text, &again, policy).ok() || again != ids)
      return name + ": a second encode gave other ids";
    if (policy == SpecialPolicy::kAsText) as_text = ids;
    if (policy == SpecialPolicy::kRefuse && ids != as_text) return "kRefuse: ids differ from kAsText";
  }
  std::vector<int32_t> raw(text.size() / 4);
  bool in_range = true;
  for (size_t i = 0; i < raw.size(); i++) {
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) v |= uint32_t(static_cast<unsigned char>(text[4 * i + k])) << (8 * k);
    raw[i] = int32_t(v);
    in_range = in_range && raw[i] >= 0 && raw[i] < tok.vocab_size();
  }
  std::string bytes;
  Status s = tok.decode(raw, &bytes);
  if (std::string e = one_line(s); !e.empty()) return "decode of raw ids: " + e;
  if (s.ok() != in_range) return "decode of raw ids: accepted an unknown id, or refused a known one";
  return "";
}

// What every loaded tokenizer satisfies, however it was loaded: the vocabulary is
// bytes + merges + specials, no token is over the size cap, our file format holds it
// (serialize, deserialize, serialize gives the same text), and `probe` round-trips.
inline std::string check_loaded_tokenizer(const embedlab::Tokenizer& t, const std::string& probe) {
  int unused = 0;  // the gaps before special tokens (version 2 files)
  for (int32_t id = 0; id < t.vocab_size(); id++) unused += t.is_unused(id);
  if (unused > 0 && !t.joins_by_bytes()) return "unused ids in a tokenizer without tiktoken's rule";
  if (t.vocab_size() != 256 + t.num_merges() + int(t.specials().size()) + unused)
    return "vocab size is not bytes + merges + specials + unused ids";
  for (int32_t id = 0; id < t.vocab_size(); id++)
    if (t.token_bytes(id).size() > embedlab::kMaxTokenBytes) return "a token over kMaxTokenBytes";
  embedlab::Tokenizer again;
  const std::string text = t.serialize();
  embedlab::Status s = embedlab::Tokenizer::deserialize(text, "again.tok", &again);
  if (!s.ok()) return "a loaded tokenizer does not load again: " + s.message();
  if (again.serialize() != text) return "serialize(deserialize(serialize(t))) != serialize(t)";
  return check_encode_decode(t, probe);
}

// The tokenizer file reader on `bytes`: a rejection is one line; a loaded tokenizer
// passes check_loaded_tokenizer with the input itself as the probe text.
inline std::string check_tokenizer_file(const std::string& bytes) {
  embedlab::Tokenizer t;
  embedlab::Status s = embedlab::Tokenizer::deserialize(bytes, "fuzz.tok", &t);
  if (std::string e = one_line(s); !e.empty()) return e;
  return s.ok() ? check_loaded_tokenizer(t, bytes) : "";
}

// The GPT-2 importer on one fuzz input split into encoder.json and vocab.bpe.
inline std::string check_gpt2_import(const std::string& bytes) {
  std::string json, bpe;
  split_gpt2_input(bytes, &json, &bpe);
  embedlab::Tokenizer t;
  embedlab::Status s = embedlab::Tokenizer::parse_gpt2(json, "encoder.json", bpe, "vocab.bpe", &t);
  if (std::string e = one_line(s); !e.empty()) return e;
  return s.ok() ? check_loaded_tokenizer(t, bytes) : "";
}

// tiktoken's rank-file reader on `bytes`: a rejection is one line; a loaded tokenizer
// follows tiktoken's rule, its token r has the bytes of line r + 1, and it passes
// check_loaded_tokenizer (a version 2 file that loads again unchanged; the input
// itself encodes and decodes back exactly).
inline std::string check_tiktoken_ranks(const std::string& bytes) {
  embedlab::Tokenizer t;
  embedlab::Status s = embedlab::Tokenizer::parse_tiktoken(bytes, "fuzz.tiktoken", &t);
  if (std::string e = one_line(s); !e.empty()) return e;
  if (!s.ok()) return "";
  if (!t.joins_by_bytes()) return "a tokenizer from ranks without tiktoken's rule";
  if (!t.specials().empty()) return "special tokens from a rank file";
  return check_loaded_tokenizer(t, bytes);
}

// The analogy-questions reader: a rejection is one line; what loads is sections with
// names and questions of four lowercase words without spaces, in increasing line
// order, and writing them back out in the file format parses to the same thing.
inline std::string check_analogy_questions(const std::string& bytes) {
  std::vector<embedlab::AnalogySection> sections, again;
  embedlab::Status s = embedlab::parse_analogy_questions(&sections, bytes, "q.txt");
  if (std::string e = one_line(s); !e.empty()) return e;
  if (!s.ok()) return "";
  auto has_space = [](const std::string& w) { return w.find_first_of(" \t\n\v\f\r") != std::string::npos; };
  auto bad_word = [&](const std::string& w) {
    return w.empty() || has_space(w) || w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos;
  };
  std::string text;
  int last_line = 0;
  for (const embedlab::AnalogySection& sec : sections) {
    if (sec.name.empty() || has_space(sec.name)) return "a section name that is empty or has a space";
    text += ": " + sec.name + "\n";
    for (const embedlab::AnalogyQuestion& q : sec.questions) {
      for (const std::string* w : {&q.a, &q.b, &q.c, &q.d})
        if (bad_word(*w)) return "a question word that is empty, has a space or an upper-case letter";
      if (q.line <= last_line) return "question line numbers do not increase";
      last_line = q.line;
      text += q.a + " " + q.b + " " + q.c + " " + q.d + "\n";
    }
  }
  s = embedlab::parse_analogy_questions(&again, text, "again.txt");
  if (!s.ok()) return "the questions written back do not parse: " + s.message();
  if (again.size() != sections.size()) return "written back: another number of sections";
  for (size_t i = 0; i < again.size(); i++) {
    if (again[i].name != sections[i].name) return "written back: another section name";
    if (again[i].questions.size() != sections[i].questions.size())
      return "written back: another number of questions";
    for (size_t k = 0; k < again[i].questions.size(); k++) {
      const auto &x = again[i].questions[k], &y = sections[i].questions[k];
      if (x.a != y.a || x.b != y.b || x.c != y.c || x.d != y.d) return "written back: other words";
    }
  }
  return "";
}

// BPE training on one fuzz input: its first byte chooses the split (bit 0 set: pattern
// "none", else GPT-2's) and how many merges to ask for (1 + bits 1-6: 1 to 64); the
// rest is the corpus. bpe_train makes exactly the merges of the recount-every-merge
// reference (tokenizer/bpe_recount.h), or, when the corpus allows fewer, fails on one line
// saying how many were possible; an empty corpus fails on one line; the trained
// tokenizer passes check_loaded_tokenizer with the corpus as the probe text.
inline std::string check_bpe_train(const std::string& bytes) {
  if (bytes.empty()) return "";
  const unsigned char opts = static_cast<unsigned char>(bytes[0]);
  const embedlab::Pattern pattern = opts & 1 ? embedlab::Pattern::kNone : embedlab::Pattern::kGpt2;
  const int wanted = 1 + ((opts >> 1) & 63);
  const std::string corpus = bytes.substr(1);
  embedlab::BpeTrainOptions o;
  o.vocab_size = 256 + wanted;
  o.pattern = pattern;
  embedlab::Tokenizer t;
  embedlab::Status s = embedlab::bpe_train(corpus, o, &t);
  if (std::string e = one_line(s); !e.empty()) return e;
  if (corpus.empty()) return s.ok() ? "trained on an empty corpus" : "";
  const std::vector<std::pair<int32_t, int32_t>> merges =
      embedlab::recount_merges(corpus, wanted, pattern);
  if (int(merges.size()) < wanted) {
    if (s.ok()) return "trained past the merges the corpus allows";
    if (s.message().find("only " + std::to_string(merges.size()) + " merges were possible") ==
        std::string::npos)
      return "the error does not say how many merges were possible: " + s.message();
    return "";
  }
  if (!s.ok()) return "training failed: " + s.message();
  for (size_t i = 0; i < merges.size(); i++)
    if (t.merges()[i] != merges[i])
      return "merge " + std::to_string(i) + " differs from the recount reference's";
  return check_loaded_tokenizer(t, corpus);
}

}  // namespace embedlab_fuzz
