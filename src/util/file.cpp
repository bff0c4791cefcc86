#include "util/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace embedlab {

static std::string errno_text() { return std::strerror(errno); }

Status read_file(const std::string& path, std::string* out) {
  out->clear();
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return Status::io_error(path + ": cannot open: " + errno_text());
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::io_error(path + ": is a directory, expected a file");
  }
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out->reserve(size_t(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string e = errno_text();
      if (fd != STDIN_FILENO) ::close(fd);
      return Status::io_error(path + ": read failed: " + e);
    }
    if (n == 0) break;
    out->append(buf, size_t(n));
  }
  if (fd != STDIN_FILENO) ::close(fd);
  return Status();
}

Status read_file_or_builtin(const std::string& path, bool path_given,
                            const std::string& builtin, std::string* out, bool* used_builtin) {
  *used_builtin = false;
  Status s = read_file(path, out);
  if (s.ok() || path_given) return s;
  *out = builtin;  // the default file is not there: use the built-in text
  *used_builtin = true;
  return Status();
}

Status write_file_atomic(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return Status::io_error(path + ": cannot write: " + errno_text());
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string e = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::io_error(path + ": write failed: " + e);
    }
    done += size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string e = errno_text();
    ::unlink(tmp.c_str());
    return Status::io_error(path + ": flush failed: " + e);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = errno_text();
    ::unlink(tmp.c_str());
    return Status::io_error(path + ": rename failed: " + e);
  }
  return Status();
}

int remove_stale_temp_files(const std::string& dir) {
  DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
  if (d == nullptr) return 0;
  std::vector<std::string> stale;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    const size_t at = name.rfind(".tmp.");
    if (at == std::string::npos || at == 0 || at + 5 == name.size()) continue;
    const std::string digits = name.substr(at + 5);
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = pid_t(std::stol(digits));
    if (pid == ::getpid()) continue;
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;  // still running
    stale.push_back(name);
  }
  ::closedir(d);
  int removed = 0;
  for (const std::string& name : stale)
    if (::unlink(path_join(dir, name).c_str()) == 0) removed++;
  return removed;
}

Status make_dirs(const std::string& dir) {
  if (dir.empty()) return Status();
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
      return Status::io_error(partial + ": cannot create folder: " + errno_text());
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::io_error(dir + ": not a folder");
  if (::access(dir.c_str(), W_OK) != 0) return Status::io_error(dir + ": folder is not writable");
  return Status();
}

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string path_join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace embedlab
