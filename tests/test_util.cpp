#include "test_util.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
// GCC 12's own <regex> draws -Wmaybe-uninitialized at -O1 with the sanitizers (a false
// alarm inside the library's NFA code); this file is the only one that includes it.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#include <sstream>
#include <vector>

#include "tokenizer/tokenizer.h"
#include "util/file.h"

namespace embedlab_test {

std::string build_dir() { return EMBEDLAB_BUILD_DIR; }

namespace {
struct TempDirs {
  std::vector<std::string> dirs;
  ~TempDirs() {
    for (const auto& d : dirs) {
      std::string cmd = "rm -rf '" + d + "'";
      if (std::system(cmd.c_str()) != 0) {
      }
    }
  }
};
TempDirs g_temp_dirs;
}  // namespace

int dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  if (child > 0) waitpid(child, nullptr, 0);
  return child > 0 ? int(child) : -1;
}

std::string temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/embedlab_test_XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) std::abort();
  g_temp_dirs.dirs.emplace_back(buf.data());
  return buf.data();
}

int run(const std::string& command, std::string* output) {
  std::string cmd = command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  output->clear();
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output->append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_split(const std::string& command, std::string* out, std::string* err) {
  const std::string err_path = temp_dir() + "/stderr";
  // the inner redirection wins over the 2>&1 that run() adds outside the subshell
  const int rc = run("(" + command + " 2>'" + err_path + "')", out);
  *err = read_text(err_path);
  return rc;
}

testing::AssertionResult fails_with_one_line(const std::string& command) {
  std::string out, err;
  const int rc = run_split(command, &out, &err);
  auto failure = [&](const std::string& why) {
    return testing::AssertionFailure()
           << command << ": " << why << " (exit code " << rc << ", stderr \"" << err << "\")";
  };
  if (rc != 1) return failure("expected exit code 1");
  if (err.empty() || err.back() != '\n' || err.find('\n') != err.size() - 1)
    return failure("expected exactly one line on stderr");
  if (err.rfind("embedlab", 0) != 0) return failure("expected stderr to start with 'embedlab'");
  return testing::AssertionSuccess();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

void write_toyworld_prefix(const std::string& path, size_t bytes) {
  write_text(path, read_text("corpus/toyworld.txt").substr(0, bytes));
}

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string gpt2_dir() {
  std::string d = "build/gpt2";
  struct stat st;
  if (stat((d + "/encoder.json").c_str(), &st) == 0 && stat((d + "/vocab.bpe").c_str(), &st) == 0)
    return d;
  return "";
}

std::string metrics_losses(const std::string& csv) {
  std::string out, line;
  for (char ch : csv) {
    if (ch != '\n') {
      line += ch;
      continue;
    }
    out += line.substr(0, line.rfind(',')) + "\n";
    line.clear();
  }
  return out;
}

const embedlab::Tokenizer* gpt2_tokenizer() {
  static embedlab::Tokenizer tok;
  static const bool loaded = [] {
    if (gpt2_dir().empty()) return false;
    embedlab::Status s = embedlab::Tokenizer::load_named("gpt2", &tok);
    EXPECT_TRUE(s.ok()) << s.message();
    return s.ok();
  }();
  return loaded ? &tok : nullptr;
}

const embedlab::Tokenizer* tiktoken_tokenizer(const std::string& name) {
  static std::map<std::string, std::unique_ptr<embedlab::Tokenizer>> loaded;
  auto it = loaded.find(name);
  if (it == loaded.end()) {
    std::unique_ptr<embedlab::Tokenizer> tok;
    if (embedlab::file_exists(embedlab::tiktoken_dir() + "/" + name + ".tiktoken")) {
      tok = std::make_unique<embedlab::Tokenizer>();
      embedlab::Status s = embedlab::Tokenizer::load_named(name, tok.get());
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) tok.reset();
    }
    it = loaded.emplace(name, std::move(tok)).first;
  }
  return it->second.get();
}

std::vector<std::string> regex_groups(const std::string& text, const std::string& pattern) {
  std::smatch m;
  std::vector<std::string> groups;
  if (std::regex_search(text, m, std::regex(pattern)))
    for (const auto& g : m) groups.push_back(g.str());
  return groups;
}

std::vector<std::string> regex_all(const std::string& text, const std::string& pattern,
                                   int group) {
  const std::regex re(pattern);
  std::vector<std::string> found;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it)
    found.push_back((*it)[group].str());
  return found;
}

std::string regex_replace_all(const std::string& text, const std::string& pattern,
                              const std::string& with) {
  return std::regex_replace(text, std::regex(pattern), with);
}

std::string cli() { return build_dir() + "/embedlab"; }

std::string head_lines(const std::string& path, int n) {
  std::istringstream in(read_text(path));
  std::string out, line;
  for (int i = 0; i < n && std::getline(in, line); i++) out += line + "\n";
  return out;
}

}  // namespace embedlab_test
