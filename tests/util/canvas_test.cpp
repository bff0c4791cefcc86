#include <gtest/gtest.h>

#include <stb_image.h>

#include <cmath>

#include "test_util.h"
#include "util/chart.h"
#include "util/file.h"

using namespace embedlab;

// Decodes PNG bytes with stb_image (an independent PNG reader).
static std::vector<uint8_t> decode_png(const std::string& png, int* w, int* h) {
  int comp = 0;
  unsigned char* p = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                           int(png.size()), w, h, &comp, 3);
  std::vector<uint8_t> out;
  if (p) out.assign(p, p + size_t(*w) * *h * 3);
  stbi_image_free(p);
  return out;
}

TEST(Canvas, PngDecodesToTheDrawnPixels) {
  Canvas c(20, 10);
  c.fill_rect(2, 3, 4, 5, kRed);
  c.pixel(19, 9, kBlue);
  c.pixel(50, 50, kBlue);  // outside: ignored, no crash
  int w = 0, h = 0;
  std::vector<uint8_t> px = decode_png(c.png(), &w, &h);
  ASSERT_EQ(w, 20);
  ASSERT_EQ(h, 10);
  auto at = [&](int x, int y) { return &px[(size_t(y) * w + x) * 3]; };
  EXPECT_EQ(at(3, 4)[0], kRed.r);
  EXPECT_EQ(at(3, 4)[1], kRed.g);
  EXPECT_EQ(at(0, 0)[0], 255);
  EXPECT_EQ(at(19, 9)[2], kBlue.b);
}

TEST(Canvas, TextDrawsInkInsideItsBox) {
  Canvas c(100, 30);
  c.text(5, 5, "king", kBlack, 2);
  int ink = 0, outside = 0;
  int tw = Canvas::text_width("king", 2);
  ASSERT_GT(tw, 10);
  int w = 0, h = 0;
  std::vector<uint8_t> px = decode_png(c.png(), &w, &h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      bool dark = px[(size_t(y) * w + x) * 3] == 0;
      bool inside = x >= 5 && x < 5 + tw && y >= 5 && y < 5 + 2 * 10;
      if (dark && inside) ink++;
      if (dark && !inside) outside++;
    }
  EXPECT_GT(ink, 20);
  EXPECT_EQ(outside, 0);
}

TEST(Chart, NiceTicksAreRoundAndCoverTheRange) {
  EXPECT_EQ(nice_ticks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  std::vector<double> t = nice_ticks(0.13, 0.61, 4);  // step 0.2: 0.2, 0.4, 0.6
  ASSERT_EQ(t.size(), 3u);
  for (int i = 0; i < 3; i++) EXPECT_NEAR(t[i], 0.2 * (i + 1), 1e-12);
  EXPECT_TRUE(nice_ticks(1, 1, 5).empty());
}

TEST(Chart, SavesALineChartAtomically) {
  Series s{"loss", {0, 1, 2, 3}, {4.0, 3.0, 2.5, NAN}, kBlue};
  Canvas c = line_chart({"loss", "step", "nats"}, {s});
  std::string dir = embedlab_test::temp_dir();
  std::string path = path_join(dir, "loss.png");
  ASSERT_TRUE(c.save_png(path).ok());
  int w = 0, h = 0;
  EXPECT_FALSE(decode_png(embedlab_test::read_text(path), &w, &h).empty());
  EXPECT_EQ(w, 800);
  EXPECT_EQ(h, 500);
}
