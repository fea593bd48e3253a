-- POST /ping/<uuid>, a uuid drawn at random per request from a pool.
--   wrk ... -s ping.lua URL -- <file>   one uuid per line (the monitors of a running Vigil)
--   wrk ... -s ping.lua URL -- <n>      n random uuids per thread (the ceiling app accepts any uuid)
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
local nthreads = 0
function setup(thread) nthreads = nthreads + 1; thread:set("tid", nthreads) end
local reqs, pool
local function r16() return math.random(0, 0xffff) end
function init(args)
  math.randomseed(7919 * (tid or 1))
  local src = args[1] or "4096"
  reqs = {}
  if tonumber(src) then
    for k = 1, tonumber(src) do
      local g = string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
        r16(), r16(), r16(), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), r16(), r16(), r16())
      reqs[k] = wrk.format("POST", "/ping/" .. g, nil, nil)
    end
  else
    local f = assert(io.open(src, "r"), "cannot open " .. src)
    for line in f:lines() do
      if #line >= 32 then reqs[#reqs + 1] = wrk.format("POST", "/ping/" .. line, nil, nil) end
    end
    f:close()
  end
  pool = #reqs
  assert(pool > 0, "no uuids in " .. src)
end
function request() return reqs[math.random(1, pool)] end
