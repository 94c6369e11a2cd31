-- POST /api/tickets as fast as wrk's connections allow, spreading tickets over the demo hall's five services.
-- With `-- paced RATE CONNECTIONS` after the URL, each connection instead waits a random (exponential) gap between
-- requests so that all connections together offer about RATE requests per second: latency at a fixed load.
local bodies = {}
for _, code in ipairs({ "A", "B", "C", "D", "E" }) do bodies[#bodies + 1] = '{"service":"' .. code .. '"}' end
local headers = { ["Content-Type"] = "application/json" }
local n = 0
local threadCount = 0

setup = function(thread)
  threadCount = threadCount + 1
  thread:set("seed", threadCount)
end

init = function(args)
  math.randomseed(os.time() * 100 + seed)
  n = seed
  if args[1] == "paced" then
    -- each connection sends one request per (gap + reply); leave about a millisecond for the reply itself
    local rate, connections = tonumber(args[2]), tonumber(args[3])
    local meanGapMs = math.max(connections / rate * 1000 - 1, 0)
    delay = function() return math.floor(-meanGapMs * math.log(1 - math.random()) + 0.5) end
  end
end

request = function()
  n = n + 1
  return wrk.format("POST", "/api/tickets", headers, bodies[(n % #bodies) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "status_errors": %d, "socket_errors": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
