-- wrk script for bench/run.py: rotates over BENCH_PATHS ("|"-separated) and,
-- when BENCH_COLD=1, makes each address unique so the page cache never has
-- it; prints one JSON line with throughput, latency percentiles and errors.
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^|]+") do
  table.insert(paths, path)
end
local cold = os.getenv("BENCH_COLD") == "1"
local counter = 0
math.randomseed(os.time())
local run = tostring(math.random(100000000))

request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if cold then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "cold=" .. run .. "-" .. counter
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "rps": %.1f, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
