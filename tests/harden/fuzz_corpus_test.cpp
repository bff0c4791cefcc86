// The fuzzers' seed files (tests/fuzz/corpus/) are valid files of today's formats, so
// `make fuzz` starts from inputs that reach past the magic, version and checksum.
// A format change that breaks them fails here first; regenerate the seeds then.
#include <dirent.h>

#include <gtest/gtest.h>

#include <memory>

#include "data/token_file.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/file.h"

using namespace embedlab;

namespace {

std::vector<std::string> seeds(const std::string& target) {
  const std::string dir = "tests/fuzz/corpus/" + target;
  std::vector<std::string> paths;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') paths.push_back(path_join(dir, e->d_name));
    closedir(d);
  }
  return paths;
}

}  // namespace

TEST(FuzzCorpus, TokenFileSeedsAreValid) {
  const auto paths = seeds("fuzz_token_file");
  EXPECT_GE(paths.size(), 3u);
  for (const std::string& p : paths) {
    TokenFile f;
    Status s = read_token_file(p, &f);
    EXPECT_TRUE(s.ok()) << s.message();
  }
}

TEST(FuzzCorpus, CheckpointSeedsAreValid) {
  // trained_*: written by train(), load as models; settings_*: right checksum, but
  // settings that model_from_checkpoint must reject (the regressions of
  // Trainer.ModelFromCheckpointChecksSizesBeforeAllocating).
  const auto paths = seeds("fuzz_checkpoint");
  EXPECT_GE(paths.size(), 4u);
  for (const std::string& p : paths) {
    Checkpoint ck;
    Status s = load_checkpoint(p, &ck);
    ASSERT_TRUE(s.ok()) << s.message();
    std::unique_ptr<Model> m;
    TrainConfig cfg;
    const bool trained = p.find("/trained_") != std::string::npos;
    EXPECT_EQ(model_from_checkpoint(ck, p, &m, &cfg).ok(), trained) << p;
  }
}

TEST(FuzzCorpus, PretokenizerSeedsExist) { EXPECT_GE(seeds("fuzz_pretokenize").size(), 5u); }
