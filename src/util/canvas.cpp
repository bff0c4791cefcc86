#include "util/canvas.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "util/file.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb_image_write.h>
#include <stb_easy_font.h>

namespace embedlab {

Canvas::Canvas(int width, int height, Rgb background)
    : w_(std::max(1, width)), h_(std::max(1, height)), rgb_(size_t(w_) * h_ * 3) {
  for (size_t i = 0; i < rgb_.size(); i += 3) {
    rgb_[i] = background.r;
    rgb_[i + 1] = background.g;
    rgb_[i + 2] = background.b;
  }
}

void Canvas::pixel(int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
  uint8_t* p = &rgb_[(size_t(y) * w_ + x) * 3];
  p[0] = c.r;
  p[1] = c.g;
  p[2] = c.b;
}

void Canvas::fill_rect(int x0, int y0, int x1, int y1, Rgb c) {
  if (x0 > x1) std::swap(x0, x1);
  if (y0 > y1) std::swap(y0, y1);
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, w_ - 1);
  y1 = std::min(y1, h_ - 1);
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++) pixel(x, y, c);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb c, int thickness,
                  bool dashed) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1))
    return;
  double dx = x1 - x0, dy = y1 - y0;
  double len = std::sqrt(dx * dx + dy * dy);
  int steps = std::max(1, int(std::ceil(len)));
  if (steps > 100000) return;  // far outside any picture we draw
  int r0 = (thickness - 1) / 2, r1 = thickness / 2;
  for (int i = 0; i <= steps; i++) {
    if (dashed && (i % 10) >= 6) continue;
    int x = int(std::lround(x0 + dx * i / steps));
    int y = int(std::lround(y0 + dy * i / steps));
    fill_rect(x - r0, y - r0, x + r1, y + r1, c);
  }
}

void Canvas::arrow(double x0, double y0, double x1, double y1, Rgb c, int thickness) {
  line(x0, y0, x1, y1, c, thickness);
  double dx = x1 - x0, dy = y1 - y0;
  double len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-9) return;
  double ux = dx / len, uy = dy / len, head = std::min(10.0, len / 2);
  for (double side : {-1.0, 1.0}) {
    double hx = x1 - head * ux + side * head * 0.5 * -uy;
    double hy = y1 - head * uy + side * head * 0.5 * ux;
    line(x1, y1, hx, hy, c, thickness);
  }
}

void Canvas::dot(double x, double y, int radius, Rgb c) {
  int cx = int(std::lround(x)), cy = int(std::lround(y));
  for (int j = -radius; j <= radius; j++)
    for (int i = -radius; i <= radius; i++)
      if (i * i + j * j <= radius * radius) pixel(cx + i, cy + j, c);
}

void Canvas::text(int x, int y, const std::string& s, Rgb c, int scale) {
  if (s.empty()) return;
  std::vector<char> str(s.begin(), s.end());
  str.push_back('\0');
  std::vector<char> buf(s.size() * 300 + 1000);
  int quads = stb_easy_font_print(0, 0, str.data(), nullptr, buf.data(), int(buf.size()));
  // Each vertex is x, y, z (floats) and 4 colour bytes: 16 bytes; 4 vertices per quad.
  for (int q = 0; q < quads; q++) {
    float v[4][4];
    std::memcpy(v, buf.data() + size_t(q) * 64, 64);
    float qx0 = v[0][0], qy0 = v[0][1], qx1 = v[2][0], qy1 = v[2][1];
    fill_rect(x + int(qx0 * scale), y + int(qy0 * scale), x + int(qx1 * scale) - 1,
              y + int(qy1 * scale) - 1, c);
  }
}

int Canvas::text_width(const std::string& s, int scale) {
  std::vector<char> str(s.begin(), s.end());
  str.push_back('\0');
  return stb_easy_font_width(str.data()) * scale;
}

static void append_to_string(void* ctx, void* data, int size) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
}

std::string Canvas::png() const {
  std::string out;
  stbi_write_png_to_func(append_to_string, &out, w_, h_, 3, rgb_.data(), w_ * 3);
  return out;
}

Status Canvas::save_png(const std::string& path) const {
  std::string bytes = png();
  if (bytes.empty()) return Status::io_error(path + ": PNG encoding failed");
  return write_file_atomic(path, bytes);
}

Rgb diverging_color(double v) {
  if (!std::isfinite(v)) v = 0;
  v = std::max(-1.0, std::min(1.0, v));
  auto mix = [](double a, double b, double t) { return uint8_t(std::lround(a + (b - a) * t)); };
  if (v >= 0) return Rgb{mix(255, 178, v), mix(255, 24, v), mix(255, 43, v)};
  double t = -v;
  return Rgb{mix(255, 33, t), mix(255, 102, t), mix(255, 172, t)};
}

}  // namespace embedlab
