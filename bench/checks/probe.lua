-- wrk script for blackbox_exporter: GET /probe?target=<args[1]>&module=<args[2]>. The exporter answers 200 even
-- when the probe fails, so answers lacking "probe_success 1" are counted as probe_fail on the RESULT line.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "../report.lua")
local threads = {}
function setup(thread) table.insert(threads, thread) end
local function enc(s) return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
function init(args)
  fails = 0
  wrk.path = "/probe?target=" .. enc(args[1]) .. "&module=" .. (args[2] or "http_2xx")
end
function response(status, headers, body)
  if status ~= 200 or not body:find("probe_success 1", 1, true) then fails = fails + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + (t:get("fails") or 0) end
  report(summary, latency, string.format(" probe_fail=%d", f))
end
