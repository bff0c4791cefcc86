#include "explore/projector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "explore/html.h"
#include "explore/pca.h"
#include "util/file.h"
#include "util/timer.h"

namespace embedlab {

extern const char kProjectorScript[];  // projector_script.cpp
extern const char kProjectorStyle[];

std::vector<int32_t> projector_ids(const VocabVectors& vv, const SearchOptions& opt, int top,
                                   int* candidates) {
  std::vector<int32_t> ids;
  for (int32_t x = 0; x < vv.V(); x++)
    if (is_candidate(vv, x, opt)) ids.push_back(x);
  if (opt.counts) {
    const std::vector<int64_t>& n = *opt.counts;
    std::stable_sort(ids.begin(), ids.end(),
                     [&](int32_t a, int32_t b) { return n[size_t(a)] > n[size_t(b)]; });
  }
  *candidates = int(ids.size());
  if (int(ids.size()) > top) ids.resize(size_t(top));
  return ids;
}

Status projector_data(ProjectorData* out, const LoadedModel& m, const std::vector<int32_t>& ids,
                      int candidates, const TsneOptions& tsne, const std::string& title) {
  const VocabVectors& vv = m.vectors;
  const int N = int(ids.size()), C = vv.C();
  if (N < 4)
    return Status::bad_input(title + ": only " + std::to_string(N) +
                             " tokens can be shown (a map needs 4 or more)");
  ProjectorData d;
  d.title = title;
  d.C = C;
  d.candidates = candidates;
  d.ids = ids;
  for (int32_t id : ids) {
    d.tokens.push_back(vv.token(id));
    if (!m.counts.empty()) d.counts.push_back(m.counts[size_t(id)]);
  }
  d.vectors = gather_rows(vv.table(), ids, C);
  Pca2 pca;
  EMBEDLAB_RETURN_IF_ERROR(pca_2d(&pca, d.vectors.data(), N, C));
  d.pca = pca.xy;
  d.explained[0] = pca.explained[0];
  d.explained[1] = pca.explained[1];
  TsneOptions topt = tsne;
  topt.perplexity = tsne_perplexity_for(N, tsne.perplexity);
  d.perplexity = topt.perplexity;
  const std::vector<float> unit_rows = gather_rows(vv.normalized(), ids, C);
  EMBEDLAB_RETURN_IF_ERROR(tsne_2d(&d.tsne, unit_rows.data(), N, C, topt));
  *out = std::move(d);
  return Status();
}

namespace {

template <typename T, typename F>
std::string json_array(const std::vector<T>& v, F item) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); i++) {
    if (i) s += ',';
    s += item(v[i]);
  }
  return s + "]";
}

std::string floats(const std::vector<float>& v) { return json_array(v, float_text); }

std::string data_json(const ProjectorData& d) {
  std::string s = "{\"format\":1,\"title\":" + json_string(d.title);
  s += ",\"dim\":" + std::to_string(d.C) + ",\"k\":10,\"analogy_k\":5";
  s += ",\"candidates\":" + std::to_string(d.candidates);
  s += ",\"perplexity\":" + float_text(float(d.perplexity));
  s += ",\"explained\":[" + float_text(float(d.explained[0])) + "," +
       float_text(float(d.explained[1])) + "]";
  s += ",\n\"tokens\":" + json_array(d.tokens, json_string);
  s += ",\n\"ids\":" + json_array(d.ids, [](int32_t x) { return std::to_string(x); });
  s += ",\n\"counts\":" + (d.counts.empty() ? std::string("null")
                                            : json_array(d.counts, [](int64_t x) {
                                                return std::to_string(x);
                                              }));
  s += ",\n\"views\":{\"pca\":" + floats(d.pca) + ",\n\"tsne\":" + floats(d.tsne) + "}";
  s += ",\n\"frames\":" + json_array(d.frames, [](const ProjectorFrame& f) {
    return "{\"step\":" + std::to_string(f.step) + ",\"loss\":" + float_text(float(f.loss)) +
           ",\"analogy\":" +
           (std::isfinite(f.analogy) ? float_text(float(f.analogy)) : std::string("null")) +
           ",\"xy\":" + floats(f.xy) + "}";
  });
  s += ",\n\"vectors\":" + floats(d.vectors) + "}";
  return s;
}

std::string body(const ProjectorData& d) {
  const std::string n = std::to_string(d.tokens.size());
  std::string b = "<h1>" + html_text(d.title) + "</h1>\n";
  b += "<p class=\"sub\">" + n + " tokens of " + std::to_string(d.candidates) +
       (d.tokens.size() < size_t(d.candidates)
            ? " (the most frequent; neighbours are searched among these only)"
            : " (all of them: answers match embedlab neighbors and analogy)") +
       ", " + std::to_string(d.C) + " numbers each.</p>\n";
  b += R"(<div id="controls">
<label>view <select id="view"><option value="pca">PCA</option><option value="tsne">t-SNE</option><option value="custom">custom axes</option></select></label>
<span id="axes"><label>x: from <input id="x0" size="8"> to <input id="x1" size="8"></label>
<label>y: from <input id="y0" size="8"> to <input id="y1" size="8"></label></span>
<input type="range" id="frame" min="0" max="0" value="0" hidden>
</div>
<div id="main"><div id="left">
<svg id="map" data-points=")" + n + R"(" data-view="pca" viewBox="0 0 600 600" width="600" height="600"></svg>
<p id="caption"></p>
</div><div id="right">
<form id="search"><label>word <input id="q" size="14"></label> <button>neighbours</button></form>
<p id="status"></p>
<ol id="neighbors"></ol>
<form id="analogy-form"><input id="a" size="7"> : <input id="b" size="7"> :: <input id="c" size="7"> : ? <button>go</button></form>
<ol id="analogy"></ol>
<p class="sub">Click a point or type a word. The address keeps what you see: copy it to share the view.</p>
</div></div>)";
  return b;
}

}  // namespace

std::string projector_html(const ProjectorData& d) {
  const std::string data = "<script id=\"data\" type=\"application/json\">\n" + data_json(d) +
                           "\n</script>\n";
  return html_page(d.title, kProjectorStyle, body(d) + "\n" + data, kProjectorScript);
}

Status write_projector(const std::string& path, const ProjectorData& d, size_t max_bytes) {
  const std::string page = projector_html(d);
  const auto mb = [](size_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MB"; };
  if (page.size() > max_bytes)
    return Status::bad_input(path + ": the page would be " + mb(page.size()) + ", over the " +
                             mb(max_bytes) + " limit: show fewer tokens with --top (now " +
                             std::to_string(d.tokens.size()) + ")");
  return write_file_atomic(path, page);
}

// cos(a - b, c - d) of four rows (C), NaN when a difference is zero.
static double difference_cosine(const float* a, const float* b, const float* c, const float* d,
                                int C) {
  double dot = 0, n1 = 0, n2 = 0;
  for (int i = 0; i < C; i++) {
    const double x = double(a[i]) - b[i], y = double(c[i]) - d[i];
    dot += x * y;
    n1 += x * x;
    n2 += y * y;
  }
  return n1 > 0 && n2 > 0 ? dot / std::sqrt(n1 * n2) : NAN;
}

Status movie_frames(std::vector<ProjectorFrame>* out, const Snapshots& movie,
                    const std::vector<int32_t>& ids, const VocabVectors& vv) {
  const int C = movie.C, N = int(ids.size());
  std::vector<int> row(ids.size());  // each point's row in the movie's frames
  for (size_t n = 0; n < ids.size(); n++)
    row[n] = int(std::find(movie.ids.begin(), movie.ids.end(), ids[n]) - movie.ids.begin());
  auto points = [&](const SnapshotFrame& f) {
    std::vector<float> X;
    for (int r : row) X.insert(X.end(), &f.rows[size_t(r) * C], &f.rows[size_t(r) * C] + C);
    return X;
  };
  Pca2 basis;
  EMBEDLAB_RETURN_IF_ERROR(pca_2d(&basis, points(movie.frames.back()).data(), N, C));
  // The rows of queen, woman, king and man in the movie, when it followed all four.
  int words[4];
  bool have_words = true;
  const char* names[4] = {"queen", "woman", "king", "man"};
  for (int w = 0; w < 4; w++) {
    const int32_t id = vv.find_word(names[w]);
    words[w] = int(std::find(movie.ids.begin(), movie.ids.end(), id) - movie.ids.begin());
    have_words = have_words && id >= 0 && words[w] < int(movie.ids.size());
  }
  out->clear();
  for (const SnapshotFrame& f : movie.frames) {
    ProjectorFrame pf;
    pf.step = f.step;
    pf.loss = f.loss;
    const std::vector<float> X = points(f);
    for (int n = 0; n < N; n++)
      for (int a = 0; a < 2; a++) {
        double v = 0;
        for (int c = 0; c < C; c++) v += (X[size_t(n) * C + c] - basis.mean[c]) * basis.axis[a][c];
        pf.xy.push_back(float(v));
      }
    auto r = [&](int w) { return &f.rows[size_t(words[w]) * C]; };
    pf.analogy = have_words ? difference_cosine(r(0), r(1), r(2), r(3), C) : NAN;
    out->push_back(std::move(pf));
  }
  return Status();
}

Status write_projector_page(const std::string& path, const LoadedModel& m, int top,
                            SearchOptions rules, const TsneOptions& tsne,
                            const std::string& title, std::string* summary) {
  rules.counts = m.counts.empty() ? nullptr : &m.counts;
  int candidates = 0;
  summary->clear();
  std::vector<int32_t> ids = projector_ids(m.vectors, rules, top, &candidates);
  if (!m.movie.frames.empty()) {  // a movie: only the tokens it followed can move
    std::vector<int32_t> kept;
    for (int32_t id : ids)
      if (std::find(m.movie.ids.begin(), m.movie.ids.end(), id) != m.movie.ids.end())
        kept.push_back(id);
    if (kept.size() < ids.size())
      *summary += "note: the training movie followed " + std::to_string(kept.size()) + " of the " +
                  std::to_string(ids.size()) + " tokens: showing those\n";
    ids.swap(kept);
  }
  if (top > candidates)
    *summary += "note: " + std::to_string(top) + " tokens asked for (--top), but only " +
                std::to_string(candidates) + " can be answers: showing all of them\n";
  const double t0 = now_seconds();
  ProjectorData d;
  EMBEDLAB_RETURN_IF_ERROR(projector_data(&d, m, ids, candidates, tsne, title));
  if (!m.movie.frames.empty())
    EMBEDLAB_RETURN_IF_ERROR(movie_frames(&d.frames, m.movie, ids, m.vectors));
  const double seconds = now_seconds() - t0;
  if (d.perplexity != tsne.perplexity)
    *summary += "note: perplexity " + float_text(float(tsne.perplexity)) + " is too large for " +
                std::to_string(ids.size()) + " points: used " + float_text(float(d.perplexity)) + "\n";
  EMBEDLAB_RETURN_IF_ERROR(write_projector(path, d));
  char buf[160];
  std::snprintf(buf, sizeof buf, "%zu of %d tokens, PCA and t-SNE in %.1f s", ids.size(),
                candidates, seconds);
  *summary += "wrote " + path + ": " + buf;
  return Status();
}

}  // namespace embedlab
