// Every file embedlab writes goes through write_file_atomic (src/util/file.h), so an
// interrupted or killed run leaves each file whole (KillResume checks the effect).
// This test keeps it so: no other code in src/ or tutorials/ opens a file for
// writing, renames one, or writes a picture straight to disk. Standard output and
// standard error are not files here; reading is allowed.
#include <dirent.h>

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

// The .cpp and .h files under `dir`, recursively.
void sources(const std::string& dir, std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name[0] == '.') continue;
    const std::string path = dir + "/" + name;
    if (e->d_type == DT_DIR) sources(path, out);
    else if (name.size() > 2 && (name.rfind(".cpp") == name.size() - 4 || name.rfind(".h") == name.size() - 2))
      out->push_back(path);
  }
  closedir(d);
}

// True when `word` occurs in `line` as a whole name (not inside a longer one, as
// "rename(" is inside "openblas_get_corename(").
bool has_name(const std::string& line, const std::string& word) {
  for (size_t at = line.find(word); at != std::string::npos; at = line.find(word, at + 1)) {
    const char before = at > 0 ? line[at - 1] : ' ';
    if (!std::isalnum(static_cast<unsigned char>(before)) && before != '_') return true;
  }
  return false;
}

// What writes a file other than through write_file_atomic, found in `line`, or "".
std::string direct_write(const std::string& line) {
  for (const char* api : {"ofstream", "fstream", "O_WRONLY", "O_RDWR", "O_CREAT", "creat(",
                          "rename(", "freopen(", "stbi_write_png(", "stbi_write_bmp(",
                          "stbi_write_jpg("})
    if (has_name(line, api)) return api;
  if (has_name(line, "fopen(") && line.find("\"r\"") == std::string::npos &&
      line.find("\"rb\"") == std::string::npos)
    return "fopen( for writing";
  if (has_name(line, "fwrite(") && line.find("stdout") == std::string::npos)
    return "fwrite( to a file";
  return "";
}

}  // namespace

TEST(AtomicWrites, OnlyWriteFileAtomicWritesFiles) {
  std::vector<std::string> files;
  sources("src", &files);
  sources("tutorials", &files);
  ASSERT_GT(files.size(), 50u);
  for (const std::string& path : files) {
    if (path == "src/util/file.cpp") continue;  // write_file_atomic itself
    const std::string text = embedlab_test::read_text(path);
    size_t start = 0;
    for (int line_no = 1; start < text.size(); line_no++) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      const size_t first = line.find_first_not_of(' ');
      if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;  // a comment
      const std::string found = direct_write(line);
      EXPECT_EQ(found, "") << path << ":" << line_no << ": " << line;
    }
  }
}

TEST(AtomicWrites, TheCheckSeesEachWayToWrite) {
  EXPECT_EQ(direct_write("  std::ofstream f(path);"), "ofstream");
  EXPECT_EQ(direct_write("  FILE* f = std::fopen(path.c_str(), \"wb\");"), "fopen( for writing");
  EXPECT_EQ(direct_write("  int fd = ::open(p, O_WRONLY | O_CREAT, 0644);"), "O_WRONLY");
  EXPECT_EQ(direct_write("  std::fwrite(buf, 1, n, f);"), "fwrite( to a file");
  EXPECT_EQ(direct_write("  ::rename(tmp, path);"), "rename(");
  EXPECT_EQ(direct_write("  std::fstream f(path, std::ios::out);"), "fstream");
  EXPECT_EQ(direct_write("  openblas_get_corename();  std::ifstream in(path);"), "");
  EXPECT_EQ(direct_write("  FILE* f = std::fopen(\"/proc/cpuinfo\", \"r\");"), "");
  EXPECT_EQ(direct_write("  std::fwrite(out.data(), 1, out.size(), stdout);"), "");
}
