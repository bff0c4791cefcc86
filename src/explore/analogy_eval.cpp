#include "explore/analogy_eval.h"

#include <cblas.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "util/file.h"

namespace embedlab {

namespace {

std::string percent(int x, int y) {
  if (y == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * x / y);
  return buf;
}

}  // namespace

Status parse_analogy_questions(std::vector<AnalogySection>* out, const std::string& text,
                               const std::string& path) {
  out->clear();
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    line_no++;
    std::string where = path + ":" + std::to_string(line_no) + ": ";
    std::vector<std::string> words = split_words(line);
    if (words.empty()) continue;
    if (words[0][0] == ':') {
      // ": name" or ":name"
      std::string name = words[0].substr(1);
      if (name.empty() && words.size() > 1) name = words[1];
      if (name.empty() || words.size() > (words[0].size() > 1 ? 1u : 2u)) {
        // The line as read, escaped and cut, so the message stays one short line.
        const size_t kShown = 60;
        std::string shown = printable(line.substr(0, kShown)) + (line.size() > kShown ? "..." : "");
        return Status::bad_input(where + "expected a section header ': name', got '" + shown + "'");
      }
      out->push_back(AnalogySection{name, {}});
      continue;
    }
    if (words.size() != 4)
      return Status::bad_input(where + "expected 4 words, got " + std::to_string(words.size()));
    if (out->empty())
      return Status::bad_input(where + "expected a section header ': name' before the first "
                                       "question");
    out->back().questions.push_back(AnalogyQuestion{ascii_lower(words[0]), ascii_lower(words[1]),
                                                    ascii_lower(words[2]), ascii_lower(words[3]), line_no});
  }
  if (out->empty() || std::all_of(out->begin(), out->end(), [](const AnalogySection& sec) {
        return sec.questions.empty();
      }))
    return Status::bad_input(path + ": no questions (expected a ': name' line, then lines of "
                                    "four words a b c d)");
  return Status();
}

Status read_analogy_questions(std::vector<AnalogySection>* out, const std::string& path) {
  std::string text;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &text));
  return parse_analogy_questions(out, text, path);
}

bool is_syntactic_section(const std::string& name) { return name.rfind("gram", 0) == 0; }

namespace {
std::string score_line(const std::string& label, const SectionScore& s) {
  return label + std::to_string(s.correct) + "/" + std::to_string(s.total) + " (" +
         percent(s.correct, s.total) + ")";
}
}  // namespace

std::vector<std::string> AnalogyReport::lines() const {
  std::vector<std::string> out;
  out.push_back(std::string("method: ") + analogy_method_name(method));
  for (const SectionScore& s : sections) {
    std::string l = "  " + s.name + ": " + std::to_string(s.correct) + "/" +
                    std::to_string(s.total) + " (" + percent(s.correct, s.total) + ")";
    if (s.unknown > 0) l += ", " + std::to_string(s.unknown) + " with unknown words";
    out.push_back(l);
  }
  if (overall.unknown > 0) {
    std::string l = "unknown words: " + std::to_string(overall.unknown) +
                    " questions left out (";
    for (size_t i = 0; i < unknown_words.size() && i < 10; i++)
      l += (i ? ", " : "") + quote_token(unknown_words[i]);  // the file's bytes, made safe
    if (unknown_words.size() > 10) l += ", ...";
    out.push_back(l + ")");
  }
  if (std::any_of(sections.begin(), sections.end(),
                  [](const SectionScore& s) { return is_syntactic_section(s.name); })) {
    out.push_back(score_line("semantic (sections not named gram*): ", semantic));
    out.push_back(score_line("syntactic (sections named gram*): ", syntactic));
  }
  out.push_back(score_line("accuracy: ", overall));
  return out;
}

namespace {

constexpr int kBlock = 256;  // questions per sgemm

struct Resolved {
  int32_t a, b, c, d;
  size_t section;
};

// True when d is the best candidate and no other candidate ties it. score(x) gives
// candidate x's score; the scan stops at the first candidate that reaches d's.
template <typename ScoreFn>
bool top1_is(const ScoreFn& score, const VocabVectors& vv, const Resolved& q,
             bool word_like_only) {
  if (q.d == q.a || q.d == q.b || q.d == q.c) return false;
  if (word_like_only && !vv.word_like(q.d)) return false;
  float sd = score(q.d);
  if (std::isnan(sd)) return false;
  for (int32_t x = 0; x < vv.V(); x++) {
    if (x == q.a || x == q.b || x == q.c || x == q.d) continue;
    if (word_like_only && !vv.word_like(x)) continue;
    if (score(x) >= sd) return false;
  }
  return true;
}

// The questions whose four words are single tokens, as ids; the others are counted
// as unknown in rep's sections, and their words listed in rep.unknown_words.
std::vector<Resolved> resolve_questions(const VocabVectors& vv,
                                        const std::vector<AnalogySection>& sections,
                                        AnalogyReport* out) {
  AnalogyReport& rep = *out;
  std::set<std::string> unknown_seen;
  std::vector<Resolved> qs;
  for (size_t s = 0; s < sections.size(); s++) {
    rep.sections.push_back(SectionScore{sections[s].name, 0, 0, 0});
    for (const AnalogyQuestion& q : sections[s].questions) {
      Resolved r{vv.find_word(q.a), vv.find_word(q.b), vv.find_word(q.c), vv.find_word(q.d), s};
      bool known = true;
      for (const auto& [w, id] : {std::pair{&q.a, r.a}, {&q.b, r.b}, {&q.c, r.c}, {&q.d, r.d}})
        if (id < 0) {
          known = false;
          if (unknown_seen.insert(*w).second) rep.unknown_words.push_back(*w);
        }
      if (known) {
        qs.push_back(r);
        rep.sections[s].total++;
      } else {
        rep.sections[s].unknown++;
      }
    }
  }
  return qs;
}

// overall, semantic and syntactic: the sums of the sections'.
void sum_groups(AnalogyReport* rep) {
  rep->overall.name = "overall";
  rep->semantic.name = "semantic";
  rep->syntactic.name = "syntactic";
  for (const SectionScore& s : rep->sections)
    for (SectionScore* group : {&rep->overall, is_syntactic_section(s.name) ? &rep->syntactic
                                                                            : &rep->semantic}) {
      group->correct += s.correct;
      group->total += s.total;
      group->unknown += s.unknown;
    }
}

}  // namespace

AnalogyReport evaluate_analogies(const VocabVectors& vv,
                                 const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& opt) {
  AnalogyReport rep;
  rep.method = opt.method;
  const std::vector<Resolved> qs = resolve_questions(vv, sections, &rep);

  int V = vv.V(), C = vv.C();
  const float* En = vv.normalized();
  bool mul = opt.method == AnalogyMethod::k3CosMul;
  int rows_per_q = mul ? 3 : 1;
  std::vector<float> Q(size_t(kBlock) * rows_per_q * C);
  std::vector<float> S(size_t(kBlock) * rows_per_q * V);
  for (size_t q0 = 0; q0 < qs.size(); q0 += kBlock) {
    int n = int(std::min(qs.size() - q0, size_t(kBlock)));
    // Query rows: d = b^ - a^ + c^ (3CosAdd), or a^, b^, c^ (3CosMul).
    for (int i = 0; i < n; i++) {
      const Resolved& r = qs[q0 + size_t(i)];
      const float *a = vv.normalized_row(r.a), *b = vv.normalized_row(r.b),
                  *c = vv.normalized_row(r.c);
      if (!mul) {
        float* d = &Q[size_t(i) * C];
        for (int k = 0; k < C; k++) d[k] = b[k] - a[k] + c[k];
      } else {
        for (int k = 0; k < C; k++) {
          Q[(size_t(i) * 3 + 0) * C + k] = a[k];
          Q[(size_t(i) * 3 + 1) * C + k] = b[k];
          Q[(size_t(i) * 3 + 2) * C + k] = c[k];
        }
      }
    }
    // S (rows, V) = Q (rows, C) En^T (C, V).
    int rows = n * rows_per_q;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, V, C, 1.0f, Q.data(), C, En, C,
                0.0f, S.data(), V);
    for (int i = 0; i < n; i++) {
      const Resolved& r = qs[q0 + size_t(i)];
      bool ok;
      if (!mul) {
        // Ranking by x^.d equals ranking by cos(x, d): |d| is the same for every x.
        const float* s = &S[size_t(i) * V];
        ok = top1_is([s](int32_t x) { return s[x]; }, vv, r, opt.word_like_only);
      } else {
        const float* ca = &S[(size_t(i) * 3 + 0) * V];
        const float* cb = &S[(size_t(i) * 3 + 1) * V];
        const float* cc = &S[(size_t(i) * 3 + 2) * V];
        ok = top1_is([=](int32_t x) { return cos_mul(ca[x], cb[x], cc[x]); }, vv, r,
                     opt.word_like_only);
      }
      if (ok) rep.sections[r.section].correct++;
    }
  }
  sum_groups(&rep);
  return rep;
}

Status evaluate_random_baseline(AnalogyReport* out, const std::vector<std::string>& tokens,
                                int C, uint64_t seed,
                                const std::vector<AnalogySection>& sections,
                                const AnalogyOptions& opt) {
  VocabVectors vv;
  EMBEDLAB_RETURN_IF_ERROR(random_vocab_vectors(&vv, tokens, C, seed));
  *out = evaluate_analogies(vv, sections, opt);
  return Status();
}

Status evaluate_onehot_baseline(AnalogyReport* out, const std::vector<std::string>& tokens,
                                const std::vector<AnalogySection>& sections,
                                const AnalogyOptions& opt) {
  size_t V = tokens.size();
  std::vector<float> E(V * V, 0.0f);
  for (size_t i = 0; i < V; i++) E[i * V + i] = 1.0f;
  VocabVectors vv;
  EMBEDLAB_RETURN_IF_ERROR(VocabVectors::create(&vv, std::move(E), tokens, int(V)));
  *out = evaluate_analogies(vv, sections, opt);
  return Status();
}

}  // namespace embedlab
