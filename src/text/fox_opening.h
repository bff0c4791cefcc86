// The opening of corpus/the_quick_fox.txt (lightly shortened), built into the
// program: the tokenizer lessons fall back on it when the corpus file is missing, so a
// lesson still runs from any folder (read_file_or_builtin in util/file.h).
#pragma once

namespace embedlab {

extern const char kFoxStoryOpening[];

}  // namespace embedlab
