-- wrk script: POST /v1/ratings with unique pairwise ratings, BATCH per request.
-- Env: TOKEN (ingest token), BATCH (ratings per request, default 1000), BODIES (pre-built bodies
-- per wrk thread, default 400), ITEMS (known items item-0..ITEMS-1, created by run.sh first).
local token = os.getenv("TOKEN")
local batch = tonumber(os.getenv("BATCH") or "1000")
local count = tonumber(os.getenv("BODIES") or "400")
local items = tonumber(os.getenv("ITEMS") or "1000")
local run = os.getenv("RUN") or "x"
local threads = {}
local bodies = {}
local index = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end

function init(args)
  for b = 1, count do
    local lines = {}
    for i = 1, batch do
      local n = (b - 1) * batch + i
      local choice = (n % 3 == 0) and "b" or "a"
      lines[i] = string.format(
        '{"rating_id":"%s-t%d-%d","annotator_id":"ann-%d","item_id":"item-%d","kind":"pairwise","choice":"%s","submitted_at":"2026-11-20T10:00:00Z","duration_ms":%d}',
        run, tid, n, n % 500, n % items, choice, 1000 + n % 9000)
    end
    bodies[b] = table.concat(lines, "\n")
  end
end

function request()
  index = index + 1
  if index > count then
    -- Out of fresh bodies: stop this thread rather than resend (duplicates are cheaper).
    wrk.thread:stop()
  end
  return wrk.format("POST", "/v1/ratings",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/x-ndjson"}, bodies[math.min(index, count)])
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
  end
end
