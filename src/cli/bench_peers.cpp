// Runs the PyTorch side of the benchmarks (tests/bench/torch_peer.py) when Debian's
// python3-torch is installed, and reads its JSON lines back into rows. The child
// inherits OPENBLAS_CORETYPE (see util/blas_setup.cpp), so both sides use the same
// OpenBLAS kernels.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "util/file.h"

namespace embedlab {

static std::string json_string(const std::string& line, const std::string& key) {
  size_t k = line.find("\"" + key + "\": \"");
  if (k == std::string::npos) return "";
  size_t b = k + key.size() + 5, e = line.find('"', b);
  return e == std::string::npos ? "" : line.substr(b, e - b);
}

static double json_number(const std::string& line, const std::string& key) {
  size_t k = line.find("\"" + key + "\": ");
  if (k == std::string::npos) return 0;
  return std::atof(line.c_str() + k + key.size() + 4);
}

bool torch_available() {
  return file_exists("/usr/bin/python3") &&
         std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

std::vector<BenchRow> run_torch_peer(const std::string& args) {
  std::vector<BenchRow> rows;
  if (!torch_available() || !file_exists("tests/bench/torch_peer.py")) return rows;
  std::string cmd = "/usr/bin/python3 tests/bench/torch_peer.py " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return rows;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) {
    std::string line = buf;
    BenchRow r;
    r.name = json_string(line, "name");
    r.path = json_string(line, "path");
    r.pass = json_string(line, "pass");
    r.V = (long long)json_number(line, "V");
    r.C = (long long)json_number(line, "C");
    r.N = (long long)json_number(line, "N");
    r.threads = int(json_number(line, "threads"));
    r.seconds = json_number(line, "seconds");
    if (!r.name.empty() && r.seconds > 0) rows.push_back(r);
  }
  pclose(p);
  return rows;
}

}  // namespace embedlab
