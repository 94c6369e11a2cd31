-- Officers at many windows working as fast as they can while taxpayers keep arriving. Run with one connection
-- per thread (`-t N -c N`) so each thread is one window and its requests stay in order:
--   a taxpayer takes a ticket for the window's first service → call-next → start → finish → again.
-- Arguments after `--`: a file of lines "WINDOW TOKEN SERVICE", one per window.
local threadCount = 0
local threads = {}

setup = function(thread)
  threadCount = threadCount + 1
  thread:set("slot", threadCount)
  threads[#threads + 1] = thread
end

local step, window, service, auth = 0, 0, "A", {}
calls, empty, refused = 0, 0, 0

init = function(args)
  local i = 0
  for line in io.lines(args[1]) do
    i = i + 1
    if i == slot then
      local w, token, code = line:match("^(%d+) (%S+) (%S+)$")
      window, service = tonumber(w), code
      auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    end
  end
end

request = function()
  if step == 0 then return wrk.format("POST", "/api/tickets", auth, '{"service":"' .. service .. '"}') end
  local action = ({ "call-next", "start", "finish" })[step]
  return wrk.format("POST", "/api/windows/" .. window .. "/" .. action, auth, "")
end

response = function(status, headers, body)
  if status >= 300 then refused = refused + 1 end
  if step == 1 then
    if status == 204 then
      empty = empty + 1 -- nobody waiting for this window: another window took the ticket; take a new one
      step = 0
      return
    end
    calls = calls + 1
  end
  step = (step + 1) % 4
end

done = function(summary, latency, requests)
  local c, e, r = 0, 0, 0
  for _, t in ipairs(threads) do
    c, e, r = c + t:get("calls"), e + t:get("empty"), r + t:get("refused")
  end
  local s = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "calls": %d, "empty_calls": %d, "refused": %d, "socket_errors": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration / 1e6, c, e, r, s.connect + s.read + s.write + s.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
