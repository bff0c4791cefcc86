#include "explore/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explore/similarity.h"

namespace embedlab {

namespace {

constexpr int kScale = 2;                 // label font scale
constexpr int kTitleHeight = 30;          // strip for a title, when there is one
constexpr Rgb kArrowColors[] = {kOrange, kGreen, kPurple, kRed};

void draw_title(Canvas* c, const Panel& p, const std::string& title) {
  if (title.empty()) return;
  int tw = Canvas::text_width(title, kScale);
  c->text(p.x + std::max(4, (p.w - tw) / 2), p.y + 8, title, kBlack, kScale);
}

int max_label_width(const std::vector<std::string>& labels, int cap) {
  int w = 0;
  for (const std::string& l : labels) w = std::max(w, Canvas::text_width(l, kScale));
  return std::min(w, cap);
}

std::string format_value(double v, const char* fmt) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// A vertical colour bar from +1 (top) to -1 (bottom) with three labels.
void draw_legend(Canvas* c, int x, int y, int h, const std::string& top, const std::string& mid,
                 const std::string& bottom) {
  if (h < 2) return;
  for (int r = 0; r < h; r++) {
    double v = 1.0 - 2.0 * r / (h - 1);
    c->fill_rect(x, y + r, x + 15, y + r, diverging_color(v));
  }
  c->line(x - 1, y - 1, x + 16, y - 1, kGrey);
  c->line(x - 1, y + h, x + 16, y + h, kGrey);
  int th = Canvas::text_height(kScale);
  c->text(x + 22, y, top, kBlack, kScale);
  c->text(x + 22, y + h / 2 - th / 2, mid, kBlack, kScale);
  c->text(x + 22, y + h - th, bottom, kBlack, kScale);
}

}  // namespace

std::string plot_label(const std::string& token) {
  std::string q = quote_token(token);
  std::string out = q.substr(1, q.size() - 2);
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) >= 0x80) ch = '?';
  return out;
}

Status words_matrix(std::vector<float>* rows, const VocabVectors& vv,
                    const std::vector<std::string>& words) {
  rows->clear();
  for (const std::string& w : words) {
    WordVector wv;
    EMBEDLAB_RETURN_IF_ERROR(word_vector(&wv, vv, w));
    rows->insert(rows->end(), wv.v.begin(), wv.v.end());
  }
  return Status();
}

std::vector<double> draw_scatter(Canvas* c, Panel p, const ScatterOptions& opt,
                                 const std::vector<std::string>& labels,
                                 const std::vector<float>& xy,
                                 const std::vector<ScatterArrow>& arrows) {
  int N = int(xy.size() / 2);
  std::vector<double> pos(size_t(N) * 2, 0.0);
  draw_title(c, p, opt.title);
  // The plot area: room for the title and y label above, the x label below, and
  // labels to the right of the rightmost points.
  int top = p.y + (opt.title.empty() ? 10 : kTitleHeight) + (opt.y_label.empty() ? 10 : 24);
  int bottom = p.y + p.h - (opt.x_label.empty() ? 15 : 35);
  int left = p.x + 20;
  int right = p.x + p.w - 20 - max_label_width(labels, p.w / 3);
  c->fill_rect(left, top, right, top, kLightGrey);
  c->fill_rect(left, bottom, right, bottom, kLightGrey);
  c->fill_rect(left, top, left, bottom, kLightGrey);
  c->fill_rect(right, top, right, bottom, kLightGrey);
  if (!opt.y_label.empty()) c->text(left, top - 20, opt.y_label, kGrey, kScale);
  if (!opt.x_label.empty()) {
    int tw = Canvas::text_width(opt.x_label, kScale);
    c->text((left + right - tw) / 2, bottom + 12, opt.x_label, kGrey, kScale);
  }
  if (N == 0) return pos;

  // Same scale s on both axes: the data box, padded by 10 pixels, fits the area.
  double x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
  for (int n = 0; n < N; n++) {
    x0 = std::min(x0, double(xy[size_t(n) * 2]));
    x1 = std::max(x1, double(xy[size_t(n) * 2]));
    y0 = std::min(y0, double(xy[size_t(n) * 2 + 1]));
    y1 = std::max(y1, double(xy[size_t(n) * 2 + 1]));
  }
  double aw = std::max(1, right - left - 20), ah = std::max(1, bottom - top - 20);
  double xr = x1 - x0, yr = y1 - y0;
  double s = std::min(xr > 0 ? aw / xr : 1e300, yr > 0 ? ah / yr : 1e300);
  if (s == 1e300) s = 1;  // all points in one place
  double cx = (left + right) / 2.0, cy = (top + bottom) / 2.0;
  double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  auto px = [&](double x) { return cx + (x - mx) * s; };
  auto py = [&](double y) { return cy - (y - my) * s; };  // y up
  // The axes through the origin (the mean, for PCA), when inside the box.
  if (x0 <= 0 && 0 <= x1) c->line(px(0), top, px(0), bottom, kLightGrey, 1, true);
  if (y0 <= 0 && 0 <= y1) c->line(left, py(0), right, py(0), kLightGrey, 1, true);
  for (int n = 0; n < N; n++) {
    pos[size_t(n) * 2] = px(xy[size_t(n) * 2]);
    pos[size_t(n) * 2 + 1] = py(xy[size_t(n) * 2 + 1]);
  }
  int k = 0;
  for (const ScatterArrow& a : arrows) {
    if (a.from < 0 || a.to < 0 || a.from >= N || a.to >= N) continue;
    double ax = pos[size_t(a.from) * 2], ay = pos[size_t(a.from) * 2 + 1];
    double bx = pos[size_t(a.to) * 2], by = pos[size_t(a.to) * 2 + 1];
    double len = std::hypot(bx - ax, by - ay);
    if (len > 12) {  // stop short of the target's dot
      bx -= (bx - ax) * 6 / len;
      by -= (by - ay) * 6 / len;
    }
    c->arrow(ax, ay, bx, by, kArrowColors[k++ % 4], 2);
  }
  for (int n = 0; n < N; n++) c->dot(pos[size_t(n) * 2], pos[size_t(n) * 2 + 1], 4, kBlue);
  int th = Canvas::text_height(kScale);
  for (int n = 0; n < N && n < int(labels.size()); n++)
    c->text(int(std::lround(pos[size_t(n) * 2])) + 7,
            int(std::lround(pos[size_t(n) * 2 + 1])) - th / 2, labels[size_t(n)], kBlack, kScale);
  return pos;
}

namespace {

// A heatmap's start: its title, then, when it has cells, the grid's left edge just right
// of the row labels (which take at most a third of the panel). False: no cells to draw.
bool start_heatmap(Canvas* c, Panel p, const std::string& title,
                   const std::vector<std::string>& row_labels, bool has_cells, HeatmapGrid* g) {
  draw_title(c, p, title);
  if (!has_cells) return false;
  g->x0 = p.x + 10 + max_label_width(row_labels, p.w / 3) + 8;
  return true;
}

// Row i's label: right-aligned 8 pixels left of the grid, centred on the row.
void draw_row_label(Canvas* c, const HeatmapGrid& g, int i, const std::string& label) {
  c->text(g.x0 - 8 - Canvas::text_width(label, kScale),
          g.y0 + i * g.cell_h + (g.cell_h - Canvas::text_height(kScale)) / 2, label, kBlack,
          kScale);
}

}  // namespace

HeatmapGrid draw_cosine_heatmap(Canvas* c, Panel p, const std::string& title,
                                const std::vector<std::string>& labels, const float* vectors,
                                int N, int C) {
  HeatmapGrid g;
  if (!start_heatmap(c, p, title, labels, N > 0, &g)) return g;
  int th = Canvas::text_height(kScale);
  g.y0 = p.y + (title.empty() ? 5 : kTitleHeight) + 2 * (th + 4) + 6;  // 2 rows of labels
  int avail_w = p.x + p.w - 90 - g.x0;  // 90: the legend
  int avail_h = p.y + p.h - 10 - g.y0;
  int cell = std::max(1, std::min(avail_w, avail_h) / N);
  g.cell_w = g.cell_h = cell;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      double v = cosine(vectors + size_t(i) * C, vectors + size_t(j) * C, C);
      int x = g.x0 + j * cell, y = g.y0 + i * cell;
      c->fill_rect(x, y, x + cell - 1, y + cell - 1, diverging_color(v));
      std::string txt = format_value(std::fabs(v) < 0.005 ? 0.0 : v, "%.2f");  // no "-0.00"
      int tw = Canvas::text_width(txt, 1);
      if (cell >= tw + 6 && cell >= 14)
        c->text(x + (cell - tw) / 2, y + (cell - 7) / 2, txt,
                std::fabs(v) > 0.6 ? kWhite : kBlack, 1);
    }
  for (int i = 0; i < N && i < int(labels.size()); i++) {
    const std::string& l = labels[size_t(i)];
    draw_row_label(c, g, i, l);
    int tw = Canvas::text_width(l, kScale);
    // Column labels: one row when they fit the columns, else alternating two rows.
    bool stagger = max_label_width(labels, 1 << 30) > cell;
    int row = stagger ? (i % 2) : 1;
    c->text(g.x0 + i * cell + (cell - tw) / 2, g.y0 - (2 - row) * (th + 4), l, kBlack, kScale);
  }
  draw_legend(c, g.x0 + N * cell + 20, g.y0, N * cell, "+1", "0", "-1");
  return g;
}

HeatmapGrid draw_matrix_heatmap(Canvas* c, Panel p, const std::string& title,
                                const std::vector<std::string>& row_labels, const float* M,
                                int N, int C) {
  HeatmapGrid g;
  if (!start_heatmap(c, p, title, row_labels, N > 0 && C > 0, &g)) return g;
  int th = Canvas::text_height(kScale);
  g.y0 = p.y + (title.empty() ? 10 : kTitleHeight + 4);
  int avail_w = p.x + p.w - 120 - g.x0;  // 120: the legend and its numbers
  int avail_h = p.y + p.h - 30 - g.y0;   // 30: the column numbers
  g.cell_w = std::max(1, avail_w / C);
  g.cell_h = std::max(1, avail_h / N);
  double max_abs = 0;
  for (size_t i = 0; i < size_t(N) * C; i++) max_abs = std::max(max_abs, double(std::fabs(M[i])));
  double scale = max_abs > 0 ? 1.0 / max_abs : 1.0;
  for (int n = 0; n < N; n++)
    for (int k = 0; k < C; k++) {
      int x = g.x0 + k * g.cell_w, y = g.y0 + n * g.cell_h;
      c->fill_rect(x, y, x + g.cell_w - 1, y + g.cell_h - 1,
                   diverging_color(M[size_t(n) * C + k] * scale));
    }
  for (int n = 0; n < N && n < int(row_labels.size()); n++) {
    const std::string& l = row_labels[size_t(n)];
    if (g.cell_h < th / 2) break;  // rows too thin to label
    draw_row_label(c, g, n, l);
  }
  // Column numbers every `step` columns, as many as fit.
  int widest = Canvas::text_width(std::to_string(C - 1), kScale) + 10;
  int step = 1;
  while (step * g.cell_w < widest) step *= 2;
  for (int k = 0; k < C; k += step) {
    std::string s = std::to_string(k);
    c->text(g.x0 + k * g.cell_w + (g.cell_w - Canvas::text_width(s, kScale)) / 2,
            g.y0 + N * g.cell_h + 6, s, kGrey, kScale);
  }
  draw_legend(c, g.x0 + C * g.cell_w + 20, g.y0, N * g.cell_h, format_value(max_abs, "%.3g"),
              "0", format_value(-max_abs, "%.3g"));
  return g;
}

Canvas scatter_plot(const ScatterOptions& opt, const std::vector<std::string>& labels,
                    const std::vector<float>& xy, const std::vector<ScatterArrow>& arrows,
                    int width, int height) {
  Canvas c(width, height);
  draw_scatter(&c, Panel{0, 0, width, height}, opt, labels, xy, arrows);
  return c;
}

Canvas cosine_heatmap(const std::string& title, const std::vector<std::string>& labels,
                      const float* vectors, int N, int C, int width, int height) {
  Canvas c(width, height);
  draw_cosine_heatmap(&c, Panel{0, 0, width, height}, title, labels, vectors, N, C);
  return c;
}

Canvas matrix_heatmap(const std::string& title, const std::vector<std::string>& row_labels,
                      const float* M, int N, int C, int width, int height) {
  Canvas c(width, height);
  draw_matrix_heatmap(&c, Panel{0, 0, width, height}, title, row_labels, M, N, C);
  return c;
}

Canvas side_by_side(const std::string& left_title, const DrawFn& left,
                    const std::string& right_title, const DrawFn& right, int panel_w,
                    int panel_h) {
  Canvas c(2 * panel_w, panel_h + kSideBySideTitleHeight);
  draw_title(&c, Panel{0, 0, panel_w, kSideBySideTitleHeight}, left_title);
  draw_title(&c, Panel{panel_w, 0, panel_w, kSideBySideTitleHeight}, right_title);
  if (left) left(&c, Panel{0, kSideBySideTitleHeight, panel_w, panel_h});
  if (right) right(&c, Panel{panel_w, kSideBySideTitleHeight, panel_w, panel_h});
  c.line(panel_w, 0, panel_w, panel_h + kSideBySideTitleHeight, kGrey);
  return c;
}

}  // namespace embedlab
