-- wrk script: sends pre-signed Dynamic App requests, cycling through a file of
-- "<signature>\t<body>" lines. Every request is formatted once at start-up, so wrk spends its
-- time on the socket and not in Lua.
local requests = {}
local count = 0
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    count = count + 1
    requests[count] = wrk.format("POST", "/", {
      ["Content-Type"] = "application/json",
      ["X-HelpScout-Signature"] = line:sub(1, tab - 1),
    }, line:sub(tab + 1))
  end
  index = math.random(count)
end

function request()
  index = index + 1
  if index > count then index = 1 end
  return requests[index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
