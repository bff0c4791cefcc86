#include "train/run_log.h"

#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "util/chart.h"

namespace embedlab {

const char RunLog::kHeader[] = "step,train_loss,val_loss,tokens_per_s\n";

static std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

RunLog::RunLog(int64_t total_steps, int64_t first_step, bool quiet, std::string metrics)
    : total_(total_steps),
      first_step_(first_step),
      quiet_(quiet),
      tty_(!quiet && isatty(STDERR_FILENO)),
      metrics_(kHeader + metrics) {}

void RunLog::record(int64_t step, double loss, double val_loss, bool log_row, bool validated,
                    double tps, double seconds, double bigram) {
  if (validated && std::isfinite(val_loss)) {
    last_val_ = val_loss;
    have_val_ = true;
  }
  if (log_row || validated) {
    metrics_ += std::to_string(step) + "," + fmt(loss) + "," +
                (validated && std::isfinite(val_loss) ? fmt(val_loss) : "") + "," + fmt(tps) +
                "\n";
    curve_step_.push_back(double(step));
    curve_train_.push_back(loss);
    if (validated) {
      val_step_.push_back(double(step));
      val_loss_.push_back(val_loss);
    }
  }
  if (!quiet_) progress(step, loss, validated, tps, seconds, bigram);
}

void RunLog::progress(int64_t step, double loss, bool validated, double tps, double seconds,
                      double bigram) {
  const double eta = double(total_ - step) * seconds / double(step - first_step_);
  char val_text[32] = "   -  ";
  if (have_val_) std::snprintf(val_text, sizeof val_text, "%.4f", last_val_);
  if (tty_) {
    const int width = 20, filled = int(width * step / total_);
    std::fprintf(stderr,
                 "\r[%-*s] step %" PRId64 "/%" PRId64 "  %.0f tok/s  train %.4f  val %s"
                 "  (bigram %.4f)  %.0f s left ",
                 width, std::string(size_t(filled), '#').c_str(), step, total_, tps, loss,
                 val_text, bigram, eta);
    if (step == total_) std::fprintf(stderr, "\n");
  } else if (validated) {
    std::fprintf(stderr,
                 "step %" PRId64 "/%" PRId64 "  %.0f tok/s  train %.4f  val %s  (bigram "
                 "%.4f)  %.0f s left\n",
                 step, total_, tps, loss, val_text, bigram, eta);
  }
}

void RunLog::finish_line() {
  if (tty_) std::fprintf(stderr, "\n");
}

Status RunLog::save_chart(const std::string& path, const Baselines& b) const {
  if (curve_step_.empty()) return Status();
  const double x0 = curve_step_.front(), x1 = curve_step_.back();
  std::vector<Series> series = {
      {"train loss", curve_step_, curve_train_, kBlue, false},
      {"validation loss", val_step_, val_loss_, kOrange, false},
      {"uniform (ln V)", {x0, x1}, {b.uniform, b.uniform}, kGrey, true},
      {"unigram counts", {x0, x1}, {b.unigram, b.unigram}, kPurple, true},
      {"bigram counts", {x0, x1}, {b.bigram, b.bigram}, kGreen, true},
  };
  Canvas c = line_chart({"next-token loss", "step", "loss (nats per token)"}, series);
  return c.save_png(path);
}

}  // namespace embedlab
