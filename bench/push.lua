-- Pushgateway pushes: POST /metrics/job/bench/instance/<i> with a one-sample text body, i drawn at random per request.
--   wrk ... -s push.lua URL -- <n>      n instances (groups), like Vigil's n monitors
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
local nthreads = 0
function setup(thread) nthreads = nthreads + 1; thread:set("tid", nthreads) end
local reqs, pool
function init(args)
  math.randomseed(7919 * (tid or 1))
  pool = tonumber(args[1] or "10000")
  reqs = {}
  local headers = { ["Content-Type"] = "text/plain; version=0.0.4" }
  for k = 1, pool do
    reqs[k] = wrk.format("POST", string.format("/metrics/job/bench/instance/i%07d", k), headers, "bench_last_success_time_seconds 1.7e9\n")
  end
end
function request() return reqs[math.random(1, pool)] end
