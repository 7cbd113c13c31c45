-- wrk script: a realistic heartbeat mix against POST /api/v1/videos/engagement/heartbeat.
-- Reads BENCH_TOKENS (one learner JWT per line; learner i = line i) and BENCH_LESSONS
-- ("kind id duration course" per line). Each wrk thread keeps its own pool of BENCH_PAIRS
-- learner+lesson pairs (the players it simulates) with a playback position. Each request picks a
-- pair at random and advances it by 10 s with played = [[p-10, p]] like the tracker does, so
-- most heartbeats continue an active session; about 2 % send ended: true (the pair's next
-- heartbeat starts a replay from 0, a new session number), a pair that reaches the end of its
-- video ends too, and about 3 % of requests replace a pair with a new random learner+lesson.
-- run.sh keeps 20,000 pairs a thread: at 4,000 heartbeats/s each player sends one every 10 s,
-- as real ones do, and plays at 1×; the service refuses a session playing faster than 4× (422).
-- done() prints one "BENCH ..." line with the figures run.sh parses.
local tokens, lessons = {}, {}
local pairs_per_thread = tonumber(os.getenv("BENCH_PAIRS") or "1000")
local thread_count = 0

local function load(path, f)
  local fh = assert(io.open(path, "r"), "cannot read " .. path)
  for line in fh:lines() do if #line > 0 then f(line) end end
  fh:close()
end

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local pool = {}
local function new_pair()
  local l = lessons[math.random(#lessons)]
  return { token = tokens[math.random(#tokens)], kind = l.kind, id = l.id, duration = l.duration,
           -- a player opened some time ago: anywhere in the first half of the video
           pos = 10 * math.random(0, math.floor(l.duration / 20)) }
end

function init(args)
  load(os.getenv("BENCH_TOKENS"), function(line) tokens[#tokens + 1] = line end)
  load(os.getenv("BENCH_LESSONS"), function(line)
    local kind, id, duration = line:match("^(%S+)%s+(%d+)%s+(%d+)")
    lessons[#lessons + 1] = { kind = kind, id = id, duration = tonumber(duration) }
  end)
  -- the same pool in every run (seeded by thread), so the players of the warm-up continue their
  -- sessions in the measured runs (within the session gap); then a different stream per run
  math.randomseed(1000 + (thread_id or 0))
  for i = 1, pairs_per_thread do pool[i] = new_pair() end
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

wrk.method = "POST"

-- BENCH_DELAY_MS: each connection waits about that long before each request (a paced load: about
-- connections × 1000 / BENCH_DELAY_MS heartbeats/s, less the answers' own time). Each wait is
-- drawn from 0.5 to 1.5 times it, so that the connections drift apart as players do: with the
-- same wait for all, the 64 connections sent together, a burst of 64 every BENCH_DELAY_MS.
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms then
  local low, high = math.floor(delay_ms / 2), math.floor(delay_ms * 3 / 2)
  function delay() return math.random(low, high) end
end
local path = "/api/v1/videos/engagement/heartbeat"

function request()
  local i = math.random(#pool)
  if math.random() < 0.03 then pool[i] = new_pair() end
  local p = pool[i]
  local from = p.pos
  local to = math.min(p.pos + 10, p.duration)
  -- never two ends in a row: a second ended within the gap is a duplicate that the service
  -- answers but does not count (docs/api.md), which would blur the durability count
  local ended = (to >= p.duration) or (from > 0 and math.random() < 0.02)
  local body
  if to > from then
    body = string.format('{"content_kind":"%s","content_id":%s,"position_sec":%d.%d,"duration_sec":%d,"ended":%s,"played":[[%d,%d]]}',
      p.kind, p.id, to, math.random(0, 9), p.duration, ended and "true" or "false", from, to)
  else
    body = string.format('{"content_kind":"%s","content_id":%s,"position_sec":%d,"duration_sec":%d,"ended":%s}',
      p.kind, p.id, to, p.duration, ended and "true" or "false")
  end
  if ended then p.pos = 0 else p.pos = to end
  return wrk.format(nil, path, { ["Authorization"] = "Bearer " .. p.token,
                                 ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local non2xx = e.status
  io.write(string.format(
    "BENCH requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non2xx, e.connect, e.read, e.write, e.timeout))
end
