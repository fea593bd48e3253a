-- POST /api/v1/pings with a JSON array of `per` items, uuids drawn at random from a file of monitor ids.
--   wrk ... -s batch.lua URL -- <ids file> <per> [bodies]
-- Builds `bodies` (16) different request bodies per thread up front; counts the "accepted" of every answer, so
-- the RESULT line (report.lua) carries accepted= (pings the server said it stored) besides the request counts.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
local threads, nthreads = {}, 0
function setup(thread) nthreads = nthreads + 1; thread:set("tid", nthreads); table.insert(threads, thread) end
local reqs = {}
accepted, rejected = 0, 0  -- globals: done() reads them from each thread with thread:get
function init(args)
  math.randomseed(104729 * (tid or 1))
  local ids = {}
  local f = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  for line in f:lines() do if #line >= 32 then ids[#ids + 1] = line end end
  f:close()
  assert(#ids > 0, "no uuids in " .. args[1])
  local per, bodies = tonumber(args[2] or "1000"), tonumber(args[3] or "16")
  local headers = { ["Content-Type"] = "application/json" }
  for b = 1, bodies do
    local items = {}
    for k = 1, per do items[k] = '{"uuid":"' .. ids[math.random(1, #ids)] .. '"}' end
    reqs[b] = wrk.format("POST", "/api/v1/pings", headers, "[" .. table.concat(items, ",") .. "]")
  end
end
function request() return reqs[math.random(1, #reqs)] end
function response(status, headers, body)
  local a = body and body:match('"accepted":(%d+)')
  local r = body and body:match('"rejected":(%d+)')
  accepted = accepted + (tonumber(a) or 0)
  rejected = rejected + (tonumber(r) or 0)
end
function done(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do a = a + (t:get("accepted") or 0); r = r + (t:get("rejected") or 0) end
  report(summary, latency, string.format(" accepted=%d rejected=%d pings_per_s=%.0f", a, r, a / (summary.duration / 1e6)))
end
