// The Makefile's dependency step: once everything is installed it does nothing.
#include <gtest/gtest.h>

#include "test_util.h"

TEST(Makefile, DepsIsIdempotentOnceEverythingIsInstalled) {
  // The suite itself was built after `make deps`, so every package is present:
  // two more runs must succeed and install (print) nothing.
  for (int i = 0; i < 2; i++) {
    std::string out;
    int rc = embedlab_test::run("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory deps", &out);
    EXPECT_EQ(rc, 0) << out;
    EXPECT_EQ(out, "") << out;
  }
}
