// The lines of a text, for the readers of line-based files (word2vec text, rated word
// pairs): each line without its '\n', with its number for the messages.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "util/status.h"

namespace embedlab {

// Calls fn(line, line_no) for each line of text from byte `pos` on, where the line at
// `pos` is number `line_no`. A last line need not end in '\n'; "a\n\nb" has three lines,
// "a\n" one. Stops at the first error fn returns, and returns it.
Status for_each_line(const std::string& text, size_t pos, int line_no,
                     const std::function<Status(const std::string& line, int line_no)>& fn);

}  // namespace embedlab
