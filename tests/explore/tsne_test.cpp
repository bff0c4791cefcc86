#include "explore/tsne.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "explore/pca.h"
#include "util/rng.h"

using namespace embedlab;

namespace {

// K clusters of M points in C dimensions: centres N(0, 10^2) per coordinate, points the
// centre plus N(0, 1) noise. Centres are about 10 sqrt(2C) apart, the points of one
// cluster about sqrt(2C): well separated.
std::vector<float> tsne_clusters(int K, int M, int C, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> X;
  for (int k = 0; k < K; k++) {
    std::vector<double> centre(static_cast<size_t>(C));
    for (double& x : centre) x = 10 * rng.normal();
    for (int m = 0; m < M; m++)
      for (int c = 0; c < C; c++) X.push_back(float(centre[size_t(c)] + rng.normal()));
  }
  return X;
}

// The k nearest other points of point i by squared Euclidean distance (ties: lower index).
std::vector<int> tsne_knn(const float* X, int N, int C, int i, int k) {
  std::vector<std::pair<double, int>> d;
  for (int j = 0; j < N; j++) {
    if (j == i) continue;
    double s = 0;
    for (int c = 0; c < C; c++) {
      const double t = double(X[size_t(i) * C + c]) - X[size_t(j) * C + c];
      s += t * t;
    }
    d.push_back({s, j});
  }
  std::sort(d.begin(), d.end());
  std::vector<int> out;
  for (int n = 0; n < k; n++) out.push_back(d[size_t(n)].second);
  std::sort(out.begin(), out.end());
  return out;
}

// The mean fraction of each point's 10 nearest neighbours in X that are also among its
// 10 nearest in the map xy (N,2).
double knn_agreement(const float* X, int C, const std::vector<float>& xy, int N) {
  double total = 0;
  for (int i = 0; i < N; i++) {
    std::vector<int> a = tsne_knn(X, N, C, i, 10), b = tsne_knn(xy.data(), N, 2, i, 10), both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    total += both.size() / 10.0;
  }
  return total / N;
}

}  // namespace

TEST(Tsne, SameSeedSameBytesOtherSeedOtherMap) {
  const int N = 60, C = 8;
  std::vector<float> X = tsne_clusters(3, 20, C, 5);
  TsneOptions opt;
  opt.perplexity = 10;
  opt.iterations = 300;
  std::vector<float> a, b, c;
  ASSERT_TRUE(tsne_2d(&a, X.data(), N, C, opt).ok());
  ASSERT_TRUE(tsne_2d(&b, X.data(), N, C, opt).ok());
  opt.seed = 2;
  ASSERT_TRUE(tsne_2d(&c, X.data(), N, C, opt).ok());
  ASSERT_EQ(a.size(), size_t(2 * N));
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float)));
  EXPECT_NE(0, std::memcmp(a.data(), c.data(), a.size() * sizeof(float)));
}

TEST(Tsne, KeepsNeighboursOfSeparatedClustersBetterThanPca) {
  const int K = 15, M = 20, N = K * M, C = 30;
  std::vector<float> X = tsne_clusters(K, M, C, 7);
  TsneOptions opt;
  opt.iterations = 500;
  std::vector<float> map;
  ASSERT_TRUE(tsne_2d(&map, X.data(), N, C, opt).ok());
  Pca2 pca;
  ASSERT_TRUE(pca_2d(&pca, X.data(), N, C).ok());
  const double t = knn_agreement(X.data(), C, map, N), p = knn_agreement(X.data(), C, pca.xy, N);
  // PCA's 2-D plane overlaps some of the 15 clusters; t-SNE keeps each one together.
  EXPECT_GT(t, p) << "t-SNE " << t << ", PCA " << p;
}

TEST(Tsne, BadInputIsAStatus) {
  std::vector<float> X = tsne_clusters(2, 5, 3, 1), xy;
  TsneOptions opt;
  opt.perplexity = 30;  // 10 points allow at most 3
  Status s = tsne_2d(&xy, X.data(), 10, 3, opt);
  EXPECT_NE(s.message().find("perplexity"), std::string::npos) << s.message();
  EXPECT_FALSE(tsne_2d(&xy, X.data(), 3, 3, TsneOptions()).ok());
  X[4] = NAN;
  opt.perplexity = 2;
  s = tsne_2d(&xy, X.data(), 10, 3, opt);
  EXPECT_NE(s.message().find("non-finite"), std::string::npos) << s.message();
  EXPECT_DOUBLE_EQ(tsne_perplexity_for(10, 30), 3);
  EXPECT_DOUBLE_EQ(tsne_perplexity_for(1000, 30), 30);
}
