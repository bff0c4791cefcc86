#include "util/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace embedlab {

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  double raw = (hi - lo) / target;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  // Multiples k * step (no running sum, so no drift).
  for (long k = long(std::ceil(lo / step - 1e-9)); k * step <= hi + step * 1e-9; k++)
    ticks.push_back(k * step);
  return ticks;
}

static std::string tick_label(double v) {
  char buf[32];
  if (std::fabs(v) >= 10000) std::snprintf(buf, sizeof buf, "%.3g", v);
  else std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Canvas line_chart(const ChartOptions& opt, const std::vector<Series>& series) {
  Canvas c(opt.width, opt.height);
  const int left = 70, right = 20, top = 40, bottom = 50;
  const int pw = opt.width - left - right, ph = opt.height - top - bottom;

  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (const Series& s : series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); i++) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      xmin = std::min(xmin, s.x[i]);
      xmax = std::max(xmax, s.x[i]);
      ymin = std::min(ymin, s.y[i]);
      ymax = std::max(ymax, s.y[i]);
    }
  if (!std::isfinite(xmin)) xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  if (xmax <= xmin) xmax = xmin + 1;
  if (ymax <= ymin) ymax = ymin + 1;
  double pad = (ymax - ymin) * 0.05;
  ymin -= pad;
  ymax += pad;
  auto px = [&](double x) { return left + (x - xmin) / (xmax - xmin) * pw; };
  auto py = [&](double y) { return top + ph - (y - ymin) / (ymax - ymin) * ph; };

  for (double t : nice_ticks(ymin, ymax, 6)) {
    c.line(left, py(t), left + pw, py(t), kLightGrey);
    std::string l = tick_label(t);
    c.text(left - 6 - Canvas::text_width(l), int(py(t)) - 3, l, kBlack);
  }
  for (double t : nice_ticks(xmin, xmax, 8)) {
    c.line(px(t), top + ph, px(t), top + ph + 4, kBlack);
    std::string l = tick_label(t);
    c.text(int(px(t)) - Canvas::text_width(l) / 2, top + ph + 8, l, kBlack);
  }
  c.line(left, top, left, top + ph, kBlack);
  c.line(left, top + ph, left + pw, top + ph, kBlack);
  c.text(left, 12, opt.title, kBlack, 2);
  c.text(left + pw / 2 - Canvas::text_width(opt.x_label) / 2, opt.height - 18, opt.x_label,
         kBlack);
  c.text(6, top - 14, opt.y_label, kBlack);

  for (const Series& s : series) {
    bool have_prev = false;
    double prev_x = 0, prev_y = 0;
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); i++) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
        have_prev = false;
        continue;
      }
      double x = px(s.x[i]), y = py(s.y[i]);
      if (have_prev) c.line(prev_x, prev_y, x, y, s.color, 2, s.dashed);
      else if (s.x.size() == 1) c.dot(x, y, 3, s.color);
      prev_x = x, prev_y = y, have_prev = true;
    }
  }
  // Legend in the top-right corner of the plot area.
  int ly = top + 8;
  for (const Series& s : series) {
    int lx = left + pw - 10 - Canvas::text_width(s.label) - 30;
    c.line(lx, ly + 3, lx + 22, ly + 3, s.color, 2, s.dashed);
    c.text(lx + 28, ly, s.label, kBlack);
    ly += 14;
  }
  return c;
}

}  // namespace embedlab
