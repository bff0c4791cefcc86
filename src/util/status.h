// Status: the result of anything that reads files, flags or text.
// ok() or a one-line message naming the file, the place and what was expected.
// e.g. return Status::bad_input(path + ":3: expected 2 ids, got 1");
#pragma once
#include <string>
#include <utility>

namespace embedlab {

class Status {
 public:
  Status() = default;  // ok
  static Status ok_status() { return Status(); }
  static Status bad_input(std::string msg) { return Status(Code::kBadInput, std::move(msg)); }
  static Status io_error(std::string msg) { return Status(Code::kIoError, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  const std::string& message() const { return msg_; }
  // Prefixes context, e.g. s.with_context("train") -> "train: <message>".
  Status with_context(const std::string& what) const {
    if (ok()) return *this;
    return Status(code_, what + ": " + msg_);
  }

 private:
  enum class Code { kOk, kBadInput, kIoError };
  Status(Code c, std::string m) : code_(c), msg_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string msg_;
};

// Bytes from a file, safe to put inside a one-line message: printable ASCII as is,
// every other byte as \xNN. e.g. printable("ab\ncd") is the 8 characters ab\x0Acd
std::string printable(const std::string& bytes);

// Returns early from the calling function when `expr` is not ok.
#define EMBEDLAB_RETURN_IF_ERROR(expr)      \
  do {                                      \
    ::embedlab::Status _st = (expr);        \
    if (!_st.ok()) return _st;              \
  } while (0)

}  // namespace embedlab
