-- wrk script for `make bench`: POST one intake per request to the clinic API, each with a
-- fresh Idempotency-Key; the id of every acknowledged (201) intake goes to a file in
-- BENCH_ACK_DIR, and the count is printed at the end.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  acked = 0
  counter = 0
  math.randomseed(os.time() * 1000 + id * 7919)
  run = string.format("%d-%d", os.time(), math.random(1, 1000000000))
  ackfile = io.open(string.format("%s/api-acked-%s-%d.txt", os.getenv("BENCH_ACK_DIR"), run, id), "a")
end

local body = [[{"case": {"age": 41, "symptom_duration_days": 6, "onset_type": "sudden",
  "mechanism": "bending_or_lifting", "trauma": {"occurred": false}, "leg_pain": "one_leg",
  "leg_pain_below_knee": true, "numbness": "none", "weakness": "none",
  "bladder_dysfunction": false, "bowel_incontinence": false, "saddle_anesthesia": false,
  "sexual_dysfunction_new": false, "fever": false, "weight_loss_unexplained": false,
  "night_pain": false, "cancer_history": false, "pain_now_nprs": 7},
  "patient": {"name": "Bench Patient", "date_of_birth": "1985-04-02"}}]]

request = function()
  counter = counter + 1
  local key = string.format("bench-%s-%d-%d", run, id, counter)
  local headers = {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY"),
    ["Idempotency-Key"] = key,
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", "/api/v1/intakes", headers, body)
end

response = function(status, headers, body)
  if status == 201 then
    acked = acked + 1
    ackfile:write((string.match(body, '"id": "([^"]+)"') or "unparsed") .. "\n")
    ackfile:flush()
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("acked")
  end
  io.write(string.format("acknowledged %d\n", total))
end
