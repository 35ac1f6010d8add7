-- wrk script for bench/bench_load.py: a logged-in member of staff browsing and
-- filtering the staff site. Arguments: session cookie, then the id ranges of
-- units and activities to open detail pages from.
--   wrk -t2 -c8 -d60s -s bench/load.lua http://127.0.0.1:8765 -- SESSIONID UMIN UMAX AMIN AMAX

local paths = {
  "/",
  "/activities/",
  "/activities/?kind=volunteer",
  "/activities/?kind=training&date_after=2024-01-01&date_before=2024-12-31",
  "/activities/?review_status=pending",
  "/activities/?page=3",
  "/volunteer/",
  "/volunteer/?year_min=2024&year_max=2024",
  "/units/",
  "/units/?kind=school",
  "/units/?q=%E6%95%99%E8%82%B2%E5%B1%80",            -- 教育局
  "/honours/",
  "/honours/?level=national",
  "/campaigns/",
  "/articles/",
  "UNIT", "UNIT", "ACTIVITY", "ACTIVITY",
}

local cookie, umin, umax, amin, amax
local counter = 0

function init(args)
  cookie = "sessionid=" .. args[1]
  umin, umax = tonumber(args[2]), tonumber(args[3])
  amin, amax = tonumber(args[4]), tonumber(args[5])
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  counter = counter + 1
  local path = paths[math.random(#paths)]
  if path == "UNIT" then
    path = "/units/" .. math.random(umin, umax) .. "/"
  elseif path == "ACTIVITY" then
    path = "/activities/" .. math.random(amin, amax) .. "/"
  end
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

-- Anything but 200 counts as an error: a redirect here would mean the session was lost.
-- (Global, so that done() can read each thread's count.)
bad = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 5 then io.stderr:write("status " .. status .. "\n") end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + (thread:get("bad") or 0)
  end
  io.write(string.format(
    '{"not_ok": %d, "requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    not_ok, summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
