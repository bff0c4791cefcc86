// Whole-file reading and atomic writing.
// Every file embedlab writes goes through write_file_atomic: the bytes go to
// "path.tmp.<pid>", are flushed, then renamed over "path", so an interrupted run
// leaves either the old file or the new one, never half of one.
#pragma once
#include <string>

#include "util/status.h"

namespace embedlab {

// Reads the whole file (any bytes). "-" reads standard input.
Status read_file(const std::string& path, std::string* out);
// A lesson's input, so that a lesson still runs from any folder: the file at `path`, or,
// when it cannot be read and the student did not name it (`path_given` false), the
// text `builtin` with *used_builtin set. A file the student named and that cannot be
// read is an error.
Status read_file_or_builtin(const std::string& path, bool path_given,
                            const std::string& builtin, std::string* out, bool* used_builtin);
// Writes `data` to `path` atomically (temp file + fsync + rename).
Status write_file_atomic(const std::string& path, const std::string& data);
// Removes the temporary files that write_file_atomic left in `dir` when its process
// was killed mid-write ("name.tmp.<pid>" whose process no longer runs); the files
// themselves are whole. Returns how many were removed.
int remove_stale_temp_files(const std::string& dir);
// Creates `dir` (and parents) if missing; fails if it cannot be written.
Status make_dirs(const std::string& dir);
bool file_exists(const std::string& path);
// "a/b" + "c" -> "a/b/c"
std::string path_join(const std::string& dir, const std::string& name);

}  // namespace embedlab
