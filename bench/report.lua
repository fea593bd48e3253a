-- wrk reporting shared by the Vigil benchmarks: one machine-readable RESULT line at the end of a run.
-- ok = completed responses with a status below 400 (wrk counts status >= 400 in errors.status).
function report(summary, latency, extra)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d secs=%.2f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d%s\n",
    summary.requests, summary.requests - e.status, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout, extra or ""))
end
function done(summary, latency, requests) report(summary, latency, "") end
