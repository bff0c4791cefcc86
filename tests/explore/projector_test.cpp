#include "explore/projector.h"

#include <gtest/gtest.h>

#include <cmath>

#include "explore/pca.h"
#include "test_util.h"
#include "util/file.h"

using namespace embedlab;

namespace {

// 6 tokens of 2 numbers: " b" and "," are not word-like, " z" is all zeros.
VocabVectors projector_table() {
  VocabVectors vv;
  std::vector<float> E = {1, 0, 0, 1, 1, 1, 0, 0, 2, 1, 1, 2};
  Status s = VocabVectors::create(&vv, E, {" a", ",", " c", " z", " e", " f"}, 2);
  EXPECT_TRUE(s.ok()) << s.message();
  return vv;
}

// A page of one token, " a", of one number.
ProjectorData one_token_page() {
  ProjectorData d;
  d.C = 1;
  d.tokens = {" a"};
  d.ids = {0};
  d.vectors = {1};
  return d;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n++;
  return n;
}

}  // namespace

TEST(Projector, TokensAreTheCandidatesMostFrequentFirst) {
  VocabVectors vv = projector_table();
  SearchOptions opt;
  int candidates = 0;
  // No counts: by id, leaving out "," (not word-like) and " z" (all zeros).
  EXPECT_EQ(projector_ids(vv, opt, 10, &candidates), (std::vector<int32_t>{0, 2, 4, 5}));
  EXPECT_EQ(candidates, 4);
  std::vector<int64_t> counts = {9, 50, 7, 100, 30, 3};
  opt.counts = &counts;
  opt.min_count = 5;  // " f" (3) is too rare
  EXPECT_EQ(projector_ids(vv, opt, 2, &candidates), (std::vector<int32_t>{4, 0}));
  EXPECT_EQ(candidates, 3);
}

TEST(Projector, PageInlinesItsDataAndAHostileTokenStaysText) {
  ProjectorData d;
  d.title = "t";
  d.C = 2;
  d.tokens = {" a", "</script><img src=x onerror=alert(1)>"};
  d.ids = {0, 1};
  d.vectors = {1, 0, 0.5f, 0.25f};
  d.pca = d.tsne = {0, 0, 1, 1};
  const std::string page = projector_html(d);
  // The data's script and the page's script, and nothing the token could open or close.
  EXPECT_EQ(count_of(page, "<script"), 2u);
  EXPECT_EQ(count_of(page, "</script>"), 2u);
  EXPECT_EQ(count_of(page, "<img"), 0u);
  EXPECT_NE(page.find("\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\""),
            std::string::npos);
  EXPECT_NE(page.find("\"vectors\":[1,0,0.5,0.25]"), std::string::npos);
  EXPECT_NE(page.find("\"frames\":[]"), std::string::npos);
  EXPECT_EQ(page.find("http:"), std::string::npos);
  EXPECT_NE(page.find("<svg id=\"map\" data-points=\"2\""), std::string::npos);
}

TEST(Projector, FramesAreWrittenForTheSlider) {
  ProjectorData d = one_token_page();
  d.frames.push_back({100, 2.5, {0.5f, -1}});
  d.frames.push_back({200, 2.25, {0.25f, -2}, NAN});
  EXPECT_NE(projector_html(d).find("\"frames\":[{\"step\":100,\"loss\":2.5,\"analogy\":0,"
                                   "\"xy\":[0.5,-1]},{\"step\":200,\"loss\":2.25,\"analogy\":null,"
                                   "\"xy\":[0.25,-2]}]"),
            std::string::npos)
      << projector_html(d);
}

// A movie of two frames over queen, woman, king, man and x: every frame in the last
// frame's PCA basis (so the last one is that PCA's own projection), and the analogy's
// cosine by hand: frame 0 has queen - woman = (0,1) against king - man = (1,0), cosine 0;
// frame 1 has (1,0) against (1,0), cosine 1.
TEST(Projector, MovieFramesShareTheLastFramesBasis) {
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, std::vector<float>(10, 1.0f),
                                   {" queen", " woman", " king", " man", " x"}, 2)
                  .ok());
  Snapshots movie;
  movie.ids = {0, 1, 2, 3, 4};
  movie.C = 2;
  movie.frames.push_back({0, 5.0, {0, 1, 0, 0, 1, 0, 0, 0, 1, 1}});
  movie.frames.push_back({10, 2.0, {2, 1, 1, 1, 3, 0, 2, 0, 0, 2}});
  std::vector<ProjectorFrame> frames;
  const std::vector<int32_t> ids = {4, 2, 0, 1, 3};  // another order than the movie's
  ASSERT_TRUE(movie_frames(&frames, movie, ids, vv).ok());
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_NEAR(frames[0].analogy, 0.0, 1e-12);
  EXPECT_NEAR(frames[1].analogy, 1.0, 1e-12);
  EXPECT_EQ(frames[1].step, 10);
  std::vector<float> last;
  for (int32_t id : ids) last.insert(last.end(), &movie.frames[1].rows[size_t(id) * 2],
                                     &movie.frames[1].rows[size_t(id) * 2] + 2);
  Pca2 pca;
  ASSERT_TRUE(pca_2d(&pca, last.data(), 5, 2).ok());
  ASSERT_EQ(frames[1].xy.size(), 10u);
  for (size_t i = 0; i < 10; i++) EXPECT_NEAR(frames[1].xy[i], pca.xy[i], 1e-5) << i;
}

TEST(Projector, APageOverTheLimitIsRefusedNamingTop) {
  const ProjectorData d = one_token_page();
  const std::string path = embedlab_test::temp_dir() + "/p.html";
  Status s = write_projector(path, d, 1000);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--top"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_FALSE(embedlab::file_exists(path));
  EXPECT_TRUE(write_projector(path, d).ok());
}
