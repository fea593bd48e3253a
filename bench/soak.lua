-- ping.lua at a steady pace: each connection waits `delay_ms` (args[2]) between its requests, so the rate is about
-- connections x 1000 / (delay_ms + latency) per second, far below what the server can take.
--   wrk ... -s soak.lua URL -- <ids file> <delay_ms>
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "ping.lua")
local ping_init, pause = init, 10
function init(args)
  ping_init(args)
  pause = tonumber(args[2] or "10")
end
function delay() return pause end
