-- GET the URL's path as fast as the connections allow, optionally as a logged-in user.
-- Arguments after `--`: a bearer token (optional). Reports the figures as one JSON line.
local headers = {}

init = function(args)
  if args[1] and args[1] ~= "" then headers["Authorization"] = "Bearer " .. args[1] end
end

request = function()
  return wrk.format("GET", nil, headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "status_errors": %d, "socket_errors": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
