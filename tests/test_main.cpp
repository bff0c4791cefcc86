// The test runner: GoogleTest, then one plain summary line for CI:
// "N passed, N failed" (", N skipped" when some were skipped).
#include <cstdio>

#include <gtest/gtest.h>

namespace {

class SummaryLine : public testing::EmptyTestEventListener {
  void OnTestProgramEnd(const testing::UnitTest& u) override {
    int skipped = u.skipped_test_count();
    int failed = u.failed_test_count();
    int passed = u.successful_test_count();
    if (skipped > 0) std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    else std::printf("%d passed, %d failed\n", passed, failed);
    std::fflush(stdout);
  }
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new SummaryLine);
  return RUN_ALL_TESTS();
}
