// The headers nearly every test file includes, compiled once per build into
// $(BUILD)/pch/test_pch.h.gch (see the Makefile) and read by every test object
// through -include: GoogleTest and the standard headers take a second or two to parse,
// which the seventy test files would otherwise pay one by one. Each test file still
// includes what it uses, so it compiles without this header too.
#ifndef EMBEDLAB_TEST_PCH_H
#define EMBEDLAB_TEST_PCH_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#endif  // EMBEDLAB_TEST_PCH_H
