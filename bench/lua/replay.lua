-- wrk script: send a file of prepared requests, each one once (bench/bench_daily_reports.py).
--
-- For writes that can happen only once (one daily report per employee and day), every request
-- must be different. Each line of the file is METHOD<TAB>PATH<TAB>TOKEN<TAB>BODY (BODY may be
-- empty; TOKEN is sent as "Authorization: Bearer TOKEN").
--
-- Arguments, after wrk's "--": the file, and the number of wrk threads (-t). Thread k of n
-- sends lines k, k + n, k + 2n, ... so no line goes out twice. A thread that has sent all its
-- lines starts again from its first one: those repeats are refused (4xx, counted by wrk as
-- errors), and done() prints for each thread how many lines it used and had ("LINES id used
-- available"), so the caller can tell that the file ran out. It also prints every status code
-- answered ("STATUS code count") and the BENCH line that bench/harness.py reads.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  requests_ = {}
  local index = 0
  for line in io.lines(file) do
    if index % nthreads == id then
      local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Accept"] = "application/json",
        ["Content-Type"] = "application/json",
      }
      table.insert(requests_, wrk.format(method, path, headers, body))
    end
    index = index + 1
  end
  available = #requests_
  used = 0
  statuses = {}
end

function request()
  -- wrk calls this once before the run to check the request (thread 0): that line is skipped.
  used = used + 1
  return requests_[(used - 1) % available + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %.0f %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(95.0), latency:percentile(99.0),
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    io.write(string.format("LINES %d %d %d\n", thread:get("id"), thread:get("used"), thread:get("available")))
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("STATUS %d %d\n", status, count))
    end
  end
end
