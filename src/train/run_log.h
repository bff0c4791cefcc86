// What a training run tells as it goes: metrics.csv rows (step, train loss, validation
// loss, tokens/s), the progress line on stderr, and the loss picture at the end with
// the count baselines drawn as lines.
// On a terminal the progress is one line redrawn every step; elsewhere (a log, a pipe)
// a plain line at each validation. Both: step, tokens/s, losses, time left.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "train/baselines.h"
#include "util/status.h"

namespace embedlab {

class RunLog {
 public:
  // `metrics` holds the rows of earlier steps (a resumed run) after the header line.
  RunLog(int64_t total_steps, int64_t first_step, bool quiet, std::string metrics);

  // After step `step` (1-based) with training loss `loss`: adds a metrics row when
  // `log_row` or `validated` (then with `val_loss`), and the progress line.
  void record(int64_t step, double loss, double val_loss, bool log_row, bool validated,
              double tokens_per_s, double seconds, double bigram);
  void finish_line();  // ends the redrawn line (a run stopped early)

  const std::string& metrics() const { return metrics_; }
  // The loss curves against the uniform, unigram and bigram baselines, as a PNG.
  Status save_chart(const std::string& path, const Baselines& b) const;

  static const char kHeader[];  // "step,train_loss,val_loss,tokens_per_s\n"

 private:
  void progress(int64_t step, double loss, bool validated, double tps, double seconds,
                double bigram);
  int64_t total_, first_step_;
  bool quiet_, tty_;
  std::string metrics_;
  double last_val_ = 0;
  bool have_val_ = false;
  std::vector<double> curve_step_, curve_train_, val_step_, val_loss_;
};

}  // namespace embedlab
