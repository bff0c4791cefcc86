// Line charts on a Canvas: axes with round tick values, labelled series, a legend.
// e.g. the training loss curve with the baselines as flat dashed lines:
//   Series train{"train loss", steps, losses, kBlue};
//   Series uniform{"uniform ln V", {0, last}, {lnV, lnV}, kGrey, true};
//   Canvas c = line_chart({"loss", "step", "nats"}, {train, uniform});
#pragma once
#include <string>
#include <vector>

#include "util/canvas.h"

namespace embedlab {

struct Series {
  std::string label;
  std::vector<double> x, y;  // same length; non-finite points are skipped
  Rgb color = kBlue;
  bool dashed = false;
};

struct ChartOptions {
  std::string title, x_label, y_label;
  int width = 800, height = 500;
};

Canvas line_chart(const ChartOptions& opt, const std::vector<Series>& series);

// Round tick positions covering [lo, hi], about `target` of them (1, 2 or 5 x 10^k apart).
std::vector<double> nice_ticks(double lo, double hi, int target);

}  // namespace embedlab
