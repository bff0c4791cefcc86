// Runs the peers of the benchmarks and reads their JSON lines back into rows:
// the PyTorch side (tests/bench/torch_peer.py) when Debian's python3-torch is
// installed, and the npm encoders (tests/bench/tiktoken_peer.mjs) when node and the
// packages of `make gpt2` are. The PyTorch child inherits OPENBLAS_CORETYPE (see
// util/blas_setup.cpp), so both sides use the same OpenBLAS kernels.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "util/file.h"

namespace embedlab {

// Reads "key": value from one JSON object per line (what the peer scripts print);
// white space after the colon is optional (Python writes it, Node does not).
static size_t json_value(const std::string& line, const std::string& key) {
  size_t k = line.find("\"" + key + "\":");
  if (k == std::string::npos) return std::string::npos;
  k += key.size() + 3;
  while (k < line.size() && line[k] == ' ') k++;
  return k;
}

static std::string json_string(const std::string& line, const std::string& key) {
  size_t b = json_value(line, key);
  if (b == std::string::npos || line[b] != '"') return "";
  size_t e = line.find('"', b + 1);
  return e == std::string::npos ? "" : line.substr(b + 1, e - b - 1);
}

static double json_number(const std::string& line, const std::string& key) {
  size_t b = json_value(line, key);
  return b == std::string::npos ? 0 : std::atof(line.c_str() + b);
}

// Runs a peer's command and calls on_line for each line it prints (one JSON object a
// line); its stderr is dropped. A command that cannot start gives no lines.
static void for_each_output_line(const std::string& cmd,
                                 const std::function<void(const std::string&)>& on_line) {
  FILE* p = popen((cmd + " 2>/dev/null").c_str(), "r");
  if (!p) return;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) on_line(buf);
  pclose(p);
}

bool torch_available() {
  return file_exists("/usr/bin/python3") &&
         std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

std::vector<BenchRow> run_torch_peer(const std::string& args) {
  std::vector<BenchRow> rows;
  if (!torch_available() || !file_exists("tests/bench/torch_peer.py")) return rows;
  for_each_output_line("/usr/bin/python3 tests/bench/torch_peer.py " + args,
                       [&](const std::string& line) {
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
  });
  return rows;
}

const char kNodePeerModules[] = "build/gpt2/npm";  // where make gpt2 installs them

std::string node_peer_missing() {
  if (!file_exists("tests/bench/tiktoken_peer.mjs")) return "tests/bench/tiktoken_peer.mjs not found";
  if (std::system("node --version >/dev/null 2>&1") != 0) return "node not found";
  for (const char* pkg : {"tiktoken", "gpt-tokenizer"})
    if (!file_exists(std::string(kNodePeerModules) + "/node_modules/" + pkg + "/package.json"))
      return std::string("npm ") + pkg + " not installed (make gpt2 installs it)";
  return "";
}

std::vector<NodePeerRow> run_node_peer(const std::vector<std::string>& files, int runs,
                                       const std::string& encoding) {
  std::vector<NodePeerRow> rows;
  if (!node_peer_missing().empty()) return rows;
  std::string cmd = "node tests/bench/tiktoken_peer.mjs " + std::string(kNodePeerModules) + " " +
                    std::to_string(runs) + " " + encoding;
  for (const std::string& f : files) cmd += " '" + f + "'";
  for_each_output_line(cmd, [&](const std::string& line) {
    NodePeerRow r;
    r.file = json_string(line, "file");
    r.row.name = json_string(line, "name");
    r.row.path = json_string(line, "path");
    r.row.pass = json_string(line, "pass");
    r.row.threads = int(json_number(line, "threads"));
    r.row.seconds = json_number(line, "seconds");
    r.row.bytes = json_number(line, "bytes");
    r.tokens = (long long)json_number(line, "tokens");
    r.ids_fnv1a = uint32_t(json_number(line, "ids_fnv1a"));
    r.same_ids_as_tiktoken = line.find("\"same_ids_as_tiktoken\":true") != std::string::npos;
    if (!r.row.name.empty() && r.row.seconds > 0) rows.push_back(r);
  });
  return rows;
}

}  // namespace embedlab
