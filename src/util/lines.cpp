#include "util/lines.h"

namespace embedlab {

Status for_each_line(const std::string& text, size_t pos, int line_no,
                     const std::function<Status(const std::string& line, int line_no)>& fn) {
  for (; pos < text.size(); line_no++) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    EMBEDLAB_RETURN_IF_ERROR(fn(text.substr(pos, end - pos), line_no));
    pos = end + 1;
  }
  return Status();
}

}  // namespace embedlab
