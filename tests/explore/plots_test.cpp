#include "explore/plots.h"

#include <gtest/gtest.h>

#include <stb_image.h>

#include <cmath>

#include "test_util.h"
#include "util/file.h"

using namespace embedlab;

static bool operator==(Rgb a, Rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

namespace {

// A PNG decoded by stb_image (an independent reader), RGB.
struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  Rgb at(int x, int y) const {
    const uint8_t* p = &px[(size_t(y) * w + x) * 3];
    return Rgb{p[0], p[1], p[2]};
  }
  // Pixels of colour c inside [x0,x1) x [y0,y1).
  int count(int x0, int y0, int x1, int y1, Rgb c) const {
    int n = 0;
    for (int y = std::max(0, y0); y < std::min(h, y1); y++)
      for (int x = std::max(0, x0); x < std::min(w, x1); x++) n += at(x, y) == c;
    return n;
  }
};

Image save_and_decode(const Canvas& c) {
  std::string path = path_join(embedlab_test::temp_dir(), "plot.png");
  EXPECT_TRUE(c.save_png(path).ok());
  std::string png = embedlab_test::read_text(path);
  Image img;
  int comp = 0;
  unsigned char* p = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                           int(png.size()), &img.w, &img.h, &comp, 3);
  if (p) img.px.assign(p, p + size_t(img.w) * img.h * 3);
  stbi_image_free(p);
  return img;
}

}  // namespace

TEST(Plots, ScatterKeepsEqualScalesLabelsAndArrows) {
  // (-1,0), (1,0), (0,1): with one scale and y up, point 2 sits above the midpoint of
  // 0 and 1, half as far from it as they are from each other.
  std::vector<float> xy = {-1, 0, 1, 0, 0, 1};
  std::vector<std::string> labels = {"man", "woman", "king"};
  Canvas c(400, 300);
  std::vector<double> pos = draw_scatter(&c, Panel{0, 0, 400, 300}, {"PCA", "PC1", "PC2"},
                                         labels, xy, {{0, 1}});
  Image img = save_and_decode(c);
  ASSERT_EQ(img.w, 400);
  ASSERT_EQ(img.h, 300);
  ASSERT_EQ(pos.size(), 6u);
  // Positions are doubles from one affine map: equal up to rounding (1e-9 px).
  EXPECT_NEAR(pos[1], pos[3], 1e-9);                           // same row
  EXPECT_NEAR(pos[2] - pos[0], 2 * (pos[1] - pos[5]), 1e-9);   // equal scales, y up
  EXPECT_NEAR(pos[4], (pos[0] + pos[2]) / 2, 1e-9);
  EXPECT_GT(pos[1], pos[5]);                                   // "king" is above
  // The dot of "king" is blue; the arrow man->woman is orange at its middle.
  EXPECT_TRUE(img.at(int(std::lround(pos[4])), int(std::lround(pos[5]))) == kBlue);
  EXPECT_TRUE(img.at(int(std::lround(pos[4])), int(std::lround(pos[1]))) == kOrange);
  // The label "king" is black ink just right of its dot.
  int x = int(std::lround(pos[4])) + 7, y = int(std::lround(pos[5]));
  EXPECT_GT(img.count(x, y - 7, x + Canvas::text_width("king", 2), y + 8, kBlack), 20);
  // The title's ink is in the top strip.
  EXPECT_GT(img.count(0, 0, 400, 30, kBlack), 20);
}

TEST(Plots, CosineHeatmapCellsHaveTheColourOfTheirCosine) {
  // Rows (1,0), (0,1), (-1,0), (1,1): cosines by hand, r = 1/sqrt2.
  float v[8] = {1, 0, 0, 1, -1, 0, 1, 1};
  double r = 1 / std::sqrt(2.0);
  double want[4][4] = {{1, 0, -1, r}, {0, 1, 0, r}, {-1, 0, 1, -r}, {r, r, -r, 1}};
  std::vector<std::string> labels = {"a", "b", "c", "d"};
  Canvas c(500, 400);
  HeatmapGrid g = draw_cosine_heatmap(&c, Panel{0, 0, 500, 400}, "cosines", labels, v, 4, 2);
  Image img = save_and_decode(c);
  ASSERT_GT(g.cell_w, 10);
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      // A corner pixel, away from the printed value.
      Rgb got = img.at(g.x0 + j * g.cell_w + 2, g.y0 + i * g.cell_h + 2);
      EXPECT_TRUE(got == diverging_color(want[i][j])) << i << "," << j;
    }
  EXPECT_TRUE(diverging_color(1) == img.at(g.x0 + 2, g.y0 + 2));  // the diagonal is +1
  // Each row label is ink left of its row.
  for (int i = 0; i < 4; i++)
    EXPECT_GT(img.count(0, g.y0 + i * g.cell_h, g.x0, g.y0 + (i + 1) * g.cell_h, kBlack), 5)
        << i;
  // The legend, right of the grid, holds both ends of the scale.
  int gx1 = g.x0 + 4 * g.cell_w;
  EXPECT_GT(img.count(gx1, g.y0, 500, g.y0 + 4 * g.cell_h, diverging_color(1)), 10);
  EXPECT_GT(img.count(gx1, g.y0, 500, g.y0 + 4 * g.cell_h, diverging_color(-1)), 10);
}

TEST(Plots, MatrixHeatmapIsScaledByTheLargestMagnitude) {
  float M[6] = {2, 0, -1, 0, -2, 1};  // max |M| = 2
  Canvas c = matrix_heatmap("E rows", {"king", "queen"}, M, 2, 3, 600, 300);
  Canvas c2(600, 300);
  HeatmapGrid g = draw_matrix_heatmap(&c2, Panel{0, 0, 600, 300}, "E rows", {"king", "queen"},
                                      M, 2, 3);
  Image img = save_and_decode(c);
  ASSERT_EQ(img.w, 600);
  for (int n = 0; n < 2; n++)
    for (int k = 0; k < 3; k++) {
      Rgb got = img.at(g.x0 + k * g.cell_w + g.cell_w / 2, g.y0 + n * g.cell_h + g.cell_h / 2);
      EXPECT_TRUE(got == diverging_color(M[n * 3 + k] / 2.0)) << n << "," << k;
    }
  EXPECT_GT(img.count(0, g.y0, g.x0, g.y0 + g.cell_h, kBlack), 20);  // "king"
}

TEST(Plots, SideBySidePlacesTwoPanelsUnderTheirTitles) {
  auto fill = [](Rgb col) {
    return [col](Canvas* k, Panel p) { k->fill_rect(p.x + 5, p.y + 5, p.x + p.w - 6, p.y + p.h - 6, col); };
  };
  Canvas c = side_by_side("before training", fill(kRed), "after training", fill(kGreen), 200, 100);
  Image img = save_and_decode(c);
  ASSERT_EQ(img.w, 400);
  ASSERT_EQ(img.h, 100 + kSideBySideTitleHeight);
  EXPECT_TRUE(img.at(100, 80) == kRed);
  EXPECT_TRUE(img.at(300, 80) == kGreen);
  EXPECT_EQ(img.count(0, 30, 200, 130, kGreen), 0);
  EXPECT_GT(img.count(0, 0, 200, 30, kBlack), 20);    // "before training"
  EXPECT_GT(img.count(200, 0, 400, 30, kBlack), 20);  // "after training"
}

TEST(Plots, LabelsAreAsciiForTheBitmapFont) {
  EXPECT_EQ(plot_label(" king"), " king");
  EXPECT_EQ(plot_label("\n"), "\\n");
  EXPECT_EQ(plot_label("\xc3\xa9t\xc3\xa9"), "??t??");
}

TEST(Plots, WordsMatrixNamesAnUnknownWord) {
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, {1, 0, 0, 1}, {" king", " queen"}, 2).ok());
  std::vector<float> rows;
  ASSERT_TRUE(words_matrix(&rows, vv, {"queen", "king"}).ok());
  EXPECT_EQ(rows, (std::vector<float>{0, 1, 1, 0}));
  Status s = words_matrix(&rows, vv, {"queen", "kings"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown word 'kings' (did you mean: king?)");
}
