// Pictures of embeddings, drawn on a Canvas (util/canvas.h) and saved with
// Canvas::save_png (atomic):
//   scatter         2-D points (e.g. PCA of word vectors) with labels and arrows such
//                   as man->woman and king->queen: parallel arrows are an analogy
//   cosine heatmap  the N x N matrix cos(w_i, w_j) of chosen words, blue (-1) to
//                   white (0) to red (+1), with row/column labels and a legend
//   matrix heatmap  chosen rows of E (N x C), colour = E[n][c] / max |E|, row labels
//   side by side    two pictures with titles, e.g. "before training" | "after training"
// Each picture is drawn into a Panel (a rectangle of a canvas), so two can share one
// canvas; the Canvas-returning helpers draw one picture on a fresh canvas.
// The draw_ functions return where they put things, for labels and for the tests.
// Shapes: N points / words / rows, C columns.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "explore/vocab_vectors.h"
#include "util/canvas.h"
#include "util/status.h"

namespace embedlab {

struct Panel {
  int x = 0, y = 0, w = 800, h = 600;  // top-left corner and size in pixels
};

struct ScatterArrow {
  int from, to;  // point indices
};

struct ScatterOptions {
  std::string title, x_label, y_label;  // e.g. "PC1 (41.2%)"
};

// Points (N,2) in data units are fitted into the panel with the same scale on both
// axes (so distances and angles are honest), y pointing up. Returns each point's
// pixel position (N,2). Arrows cycle through orange, green, purple, red.
std::vector<double> draw_scatter(Canvas* c, Panel p, const ScatterOptions& opt,
                                 const std::vector<std::string>& labels,
                                 const std::vector<float>& xy,
                                 const std::vector<ScatterArrow>& arrows);

struct HeatmapGrid {
  int x0 = 0, y0 = 0;          // top-left corner of cell (0,0)
  int cell_w = 0, cell_h = 0;  // cell (i,j) spans x0 + j cell_w .. + cell_w - 1, same for y
};

// Cells (i,j) = cosine(vectors[i], vectors[j]) for vectors (N,C), coloured by
// diverging_color; values are printed in cells when they fit.
HeatmapGrid draw_cosine_heatmap(Canvas* c, Panel p, const std::string& title,
                                const std::vector<std::string>& labels, const float* vectors,
                                int N, int C);
// Cells (n,c) = M[n][c] / max |M| coloured by diverging_color, for M (N,C).
HeatmapGrid draw_matrix_heatmap(Canvas* c, Panel p, const std::string& title,
                                const std::vector<std::string>& row_labels, const float* M,
                                int N, int C);

Canvas scatter_plot(const ScatterOptions& opt, const std::vector<std::string>& labels,
                    const std::vector<float>& xy, const std::vector<ScatterArrow>& arrows,
                    int width = 800, int height = 600);
Canvas cosine_heatmap(const std::string& title, const std::vector<std::string>& labels,
                      const float* vectors, int N, int C, int width = 800, int height = 700);
Canvas matrix_heatmap(const std::string& title, const std::vector<std::string>& row_labels,
                      const float* M, int N, int C, int width = 900, int height = 600);

// Two panels of panel_w x panel_h side by side under their titles (a 30-pixel strip):
//   Canvas c = side_by_side("before training", [&](Canvas* k, Panel p) {
//                draw_cosine_heatmap(k, p, "", words, before.data(), N, C); },
//                "after training", [&](Canvas* k, Panel p) { ... }, 700, 600);
using DrawFn = std::function<void(Canvas* c, Panel p)>;
Canvas side_by_side(const std::string& left_title, const DrawFn& left,
                    const std::string& right_title, const DrawFn& right, int panel_w,
                    int panel_h);
constexpr int kSideBySideTitleHeight = 30;

// A token as a picture label: the bitmap font is ASCII, so control bytes become
// escapes (quote_token's, without quotes) and other bytes >= 0x80 become '?'.
// e.g. " king" -> " king", "\n" -> "\\n" (2 characters), "\xc3\xa9" -> "??".
std::string plot_label(const std::string& token);

// The vectors (N,C) of `words` by word_vector (N = words.size()).
Status words_matrix(std::vector<float>* rows, const VocabVectors& vv,
                    const std::vector<std::string>& words);

}  // namespace embedlab
