// The opening of corpus/the_quick_fox.txt (lightly shortened), built into the
// program: the tokenizer lessons fall back on it when the corpus file is missing, so a
// lesson still runs from any folder.
#pragma once
#include <string>

#include "util/status.h"

namespace embedlab {

extern const char kFoxStoryOpening[];

// A lesson's corpus: the file at `path`, or, when that file cannot be read and the
// student did not name it (`path_given` false), kFoxStoryOpening with *fallback set.
// A file the student named and that cannot be read is an error.
Status read_corpus_or_fox_opening(const std::string& path, bool path_given, std::string* text,
                                  bool* fallback);

}  // namespace embedlab
