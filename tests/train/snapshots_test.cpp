// The training movie's store: frames of chosen rows, their section bytes, and a run that
// keeps them (every N steps, frame 0 at initialisation, resumed bit for bit).
#include "train/snapshots.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/rng.h"

using namespace embedlab;

TEST(Snapshots, MostFrequentTakesTheTopCountsLowerIdFirst) {
  EXPECT_EQ(most_frequent({3, 9, 0, 9, 1}, 3), (std::vector<int32_t>{1, 3, 0}));
  EXPECT_EQ(most_frequent({3, 9, 0, 9, 1}, 10), (std::vector<int32_t>{1, 3, 0, 4}));  // 2 unseen
}

TEST(Snapshots, FramesRoundTripAndDamageIsNamed) {
  Tensor E(4, 2);
  for (int i = 0; i < 8; i++) E.data()[i] = float(i) + 0.5f;
  Snapshots s;
  s.ids = {3, 1};
  s.C = 2;
  s.add(0, 7.25, E);
  E.at(3, 1) = -1.0f;
  s.add(10, 2.5, E);
  EXPECT_EQ(s.frames[0].rows, (std::vector<float>{6.5f, 7.5f, 2.5f, 3.5f}));
  EXPECT_EQ(s.frames[1].rows, (std::vector<float>{6.5f, -1.0f, 2.5f, 3.5f}));
  const std::string bytes = s.encode();
  EXPECT_EQ(bytes.size(), 16u + 2 * 4 + 2 * (16 + 4 * 4));
  Snapshots back;
  ASSERT_TRUE(Snapshots::decode(bytes, "m.ckpt", &back).ok());
  EXPECT_EQ(back.ids, s.ids);
  EXPECT_EQ(back.C, 2);
  ASSERT_EQ(back.frames.size(), 2u);
  EXPECT_EQ(back.frames[1].step, 10);
  EXPECT_EQ(back.frames[1].loss, 2.5);
  EXPECT_EQ(back.frames[1].rows, s.frames[1].rows);
  EXPECT_EQ(Snapshots::decode(bytes.substr(0, bytes.size() - 1), "m.ckpt", &back).message(),
            "m.ckpt: section snapshots: 87 bytes do not hold 2 frames of 2 rows of 2");
  EXPECT_EQ(Snapshots::decode("abc", "m.ckpt", &back).message(),
            "m.ckpt: section snapshots: shorter than its header");
  std::string v2 = bytes;
  v2[0] = 2;
  EXPECT_EQ(Snapshots::decode(v2, "m.ckpt", &back).message(),
            "m.ckpt: section snapshots: version 2, expected 1");
}

TEST(Snapshots, ARunKeepsAFrameEveryNStepsAndResumesBitForBit) {
  const int V = 20;
  Rng r(4);
  std::vector<int32_t> ids;
  for (int i = 0; i < 3000; i++) ids.push_back(int32_t(r.below(V)));
  TrainConfig c;
  c.model = ModelConfig{V, 8, 8, 2, false, Mix::kLastWindow};
  c.batch = 8;
  c.steps = 25;
  c.quiet = true;
  c.compare_paths = false;
  c.snapshot_every = 10;
  c.snapshot_rows = 5;
  const std::string whole = embedlab_test::temp_dir(), parts = embedlab_test::temp_dir();
  TrainResult res;
  ASSERT_TRUE(train(c, ids, whole, &res).ok());
  TrainConfig first = c;
  first.stop_after = 13;
  ASSERT_TRUE(train(first, ids, parts, &res).ok());
  TrainConfig rest = c;
  rest.resume = true;
  ASSERT_TRUE(train(rest, ids, parts, &res).ok());
  Checkpoint a, b;
  ASSERT_TRUE(load_checkpoint(path_join(whole, "checkpoint.bin"), &a).ok());
  ASSERT_TRUE(load_checkpoint(path_join(parts, "checkpoint.bin"), &b).ok());
  EXPECT_EQ(a.sections["snapshots"], b.sections["snapshots"]);
  Snapshots s;
  ASSERT_TRUE(Snapshots::decode(a.sections["snapshots"], "a", &s).ok());
  ASSERT_EQ(s.frames.size(), 4u);  // steps 0, 10, 20 and the last, 25
  EXPECT_EQ(s.frames[3].step, 25);
  EXPECT_EQ(s.ids.size(), 5u);
  // Frame 0 is E at initialisation: all zeros with --mix last+window; its loss is the
  // first step's, about ln V for a model that knows nothing yet.
  for (float v : s.frames[0].rows) ASSERT_EQ(v, 0.0f);
  EXPECT_NEAR(s.frames[0].loss, std::log(double(V)), 1.0);
  // The last frame is the saved table's rows.
  std::unique_ptr<Model> m;
  TrainConfig back;
  ASSERT_TRUE(model_from_checkpoint(a, "a", &m, &back).ok());
  for (size_t k = 0; k < s.ids.size(); k++)
    for (int col = 0; col < 8; col++)
      EXPECT_EQ(s.frames[3].rows[k * 8 + col], m->token_embedding().at(s.ids[k], col));
}
