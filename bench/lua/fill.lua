-- POST /api/tickets until this thread has taken its share, then stop: fills a hall to a given size quickly.
-- Arguments after `--`: the tickets each wrk thread takes (the total is that times -t; replies in flight when a
-- thread stops may add up to its connections more).
local bodies = {}
for _, code in ipairs({ "A", "B", "C", "D", "E" }) do bodies[#bodies + 1] = '{"service":"' .. code .. '"}' end
local headers = { ["Content-Type"] = "application/json" }
local threadCount = 0

setup = function(thread)
  threadCount = threadCount + 1
  thread:set("seed", threadCount)
end

local n, sent, answered, wanted, failed = 0, 0, 0, 0, 0

init = function(args)
  wanted = tonumber(args[1])
  n = seed
end

request = function()
  n = n + 1
  sent = sent + 1
  return wrk.format("POST", "/api/tickets", headers, bodies[(n % #bodies) + 1])
end

response = function(status, headers, body)
  answered = answered + 1
  if status ~= 201 then failed = failed + 1 end
  if answered >= wanted then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "status_errors": %d, "socket_errors": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
