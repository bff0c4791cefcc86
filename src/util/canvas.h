// Canvas: an RGB picture drawn in memory and saved as PNG (stb_image_write),
// with text from stb_easy_font (a small ASCII bitmap font drawn as rectangles).
// Used by every stage that leaves a picture in out/: loss curves, heatmaps, PCA.
// e.g. Canvas c(400, 300); c.line(0, 0, 399, 299, kBlack); c.text(10, 10, "hi", kBlack, 2);
//      Status s = c.save_png("out/x.png");
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

struct Rgb {
  uint8_t r, g, b;
};
constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kGrey{150, 150, 150};
constexpr Rgb kLightGrey{225, 225, 225};
constexpr Rgb kBlue{31, 119, 180};
constexpr Rgb kOrange{255, 127, 14};
constexpr Rgb kGreen{44, 160, 44};
constexpr Rgb kRed{214, 39, 40};
constexpr Rgb kPurple{148, 103, 189};

class Canvas {
 public:
  Canvas(int width, int height, Rgb background = kWhite);
  int width() const { return w_; }
  int height() const { return h_; }

  void pixel(int x, int y, Rgb c);  // ignores points outside the canvas
  void fill_rect(int x0, int y0, int x1, int y1, Rgb c);  // inclusive corners
  // A straight line `thickness` pixels wide; `dashed` draws 6 on, 4 off.
  void line(double x0, double y0, double x1, double y1, Rgb c, int thickness = 1,
            bool dashed = false);
  void arrow(double x0, double y0, double x1, double y1, Rgb c, int thickness = 2);
  void dot(double x, double y, int radius, Rgb c);
  // ASCII text with its top-left corner at (x, y), each font pixel `scale` pixels wide.
  void text(int x, int y, const std::string& s, Rgb c, int scale = 1);
  static int text_width(const std::string& s, int scale = 1);
  static int text_height(int scale = 1) { return 7 * scale; }

  // The PNG bytes, and an atomic save (temp file + rename).
  std::string png() const;
  Status save_png(const std::string& path) const;

 private:
  int w_, h_;
  std::vector<uint8_t> rgb_;
};

// A colour on a blue-white-red scale for v in [-1, 1] (heatmaps of cosines).
Rgb diverging_color(double v);

}  // namespace embedlab
