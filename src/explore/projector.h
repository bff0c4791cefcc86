// The embedding projector page: one self-contained .html file (data inlined, script
// hand-written, no request of any kind) that draws the N most frequent tokens as points
// (PCA, t-SNE, or custom axes from one word to another) and answers, offline, any of
// its words: the 10 nearest neighbours by cosine and a : b :: c : ? (3CosAdd), computed
// in the page's script the way similarity.h computes them (rows scaled to unit length
// in float, then dot products), so the page and `embedlab neighbors` agree to 4 decimals.
//
// Which tokens: the candidates of similarity.h's rules (word-like, not all-zero, seen at
// least min_count times when counts are known), most frequent first (by training count,
// else by id: BPE ids and word2vec files both run from frequent to rare), the first N.
// When N covers every candidate, the page searches the same tokens as the CLI.
//
// The page's data (a JSON object in <script id="data" type="application/json">):
//   format 1, title, dim C, tokens (N strings), ids (N), counts (N or null),
//   vectors (N*C floats, row-major), views {pca: N*2, tsne: N*2}, explained (PCA's
//   two ratios), perplexity, candidates (how many the model has), k,
//   frames: [] without a training movie; with one ({step, loss, xy: N*2, analogy} per
//   snapshot, all in the last frame's PCA basis, and only the tokens the movie followed
//   as points) the page shows a slider <input type="range" id="frame">, and under the
//   picture each frame's step, loss and cos(queen - woman, king - man).
// The DOM contract (what a test reads from a headless browser's --dump-dom):
//   <svg id="map" data-points="N" data-view="pca|tsne|custom">
//   <ol id="neighbors" data-query="WORD"> of <li data-token="TOKEN" data-cosine="0.1234">
//   <ol id="analogy" data-query="a,b,c"> likewise (5 answers, as embedlab analogy)
//   <p id="status"> a one-line message (unknown word, etc.)
//   hash parameters: #q=WORD  #analogy=a,b,c  #view=pca|tsne|custom  #x=a,b  #y=c,d
//   #frame=K, joined by &, e.g. #q=king&view=tsne
//
// Shapes: N points, C embedding dimension.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explore/model_vectors.h"
#include "explore/similarity.h"
#include "explore/tsne.h"
#include "util/status.h"

namespace embedlab {

constexpr int kProjectorDefaultTop = 2000;
constexpr size_t kProjectorMaxBytes = size_t(50) << 20;  // a larger page is refused

struct ProjectorFrame {  // a training movie's snapshot (train/snapshots.h)
  int64_t step = 0;
  double loss = 0;
  std::vector<float> xy;  // (N,2) in the last frame's PCA basis
  double analogy = 0;     // cos(queen - woman, king - man) in this frame; NaN without them
};

struct ProjectorData {
  std::string title;
  int C = 0;
  std::vector<std::string> tokens;  // (N) token bytes
  std::vector<int32_t> ids;         // (N) ids in the model
  std::vector<int64_t> counts;      // (N) training counts, or empty
  std::vector<float> vectors;       // (N,C) the rows as trained (not normalized)
  std::vector<float> pca, tsne;     // (N,2) each
  double explained[2] = {0, 0};
  double perplexity = 0;
  int candidates = 0;               // candidate tokens in the whole model
  std::vector<ProjectorFrame> frames;
};

// The ids of the first `top` candidates under opt's rules, most frequent first;
// *candidates gets how many there are in all.
std::vector<int32_t> projector_ids(const VocabVectors& vv, const SearchOptions& opt, int top,
                                   int* candidates);

// The page's data for the tokens `ids` of m: their rows, the PCA and the t-SNE maps
// (t-SNE on the unit rows, so that its distances follow the cosines).
Status projector_data(ProjectorData* out, const LoadedModel& m, const std::vector<int32_t>& ids,
                      int candidates, const TsneOptions& tsne, const std::string& title);

// All of it for m: the first `top` candidates under `rules` (m's counts are used when it
// has them), their maps, the page written to `path`. *summary gets what was done, e.g.
// "wrote p.html: 458 of 458 tokens, PCA and t-SNE in 1.2 s", after a note when fewer
// than `top` tokens can be shown or the perplexity had to be lowered.
Status write_projector_page(const std::string& path, const LoadedModel& m, int top,
                            SearchOptions rules, const TsneOptions& tsne,
                            const std::string& title, std::string* summary);

// The whole page.
std::string projector_html(const ProjectorData& d);
// The movie's frames for the points `ids` (each one of movie.ids): every frame projected
// on the last frame's two principal axes; `vv` finds the analogy's four words.
Status movie_frames(std::vector<ProjectorFrame>* out, const Snapshots& movie,
                    const std::vector<int32_t>& ids, const VocabVectors& vv);
// Writes the page atomically; refuses (naming --top) a page over max_bytes.
Status write_projector(const std::string& path, const ProjectorData& d,
                       size_t max_bytes = kProjectorMaxBytes);

}  // namespace embedlab
