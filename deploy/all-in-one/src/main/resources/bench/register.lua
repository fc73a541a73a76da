-- POST /api/v1/registrations with a distinct person and phone per request, spread over the bookable places
-- listed one per line ("branch date time") in the file given as first argument. The second argument is the
-- first request number, so consecutive runs neither reuse a phone nor a place. E-mail addresses cycle over
-- 1000: the harness's GreenMail finds a recipient's mailbox by a linear scan of every mailbox
-- (HierarchicalFolder.getChild), so one address per request made each confirmation cost the mail server more
-- than the one before (2.5 CPU-s in 5 s after 50 000 registrations, on the CPUs the services share).
-- Phones are +852 94xx xxxx, every one a valid HK mobile number for libphonenumber; until 2026-12-02 they were
-- 91xx xxxx, and the 100 000 requests whose number fell in 9110-9119 (not allocated) were all answered 400.
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local places = {}
local n = 0
local first = 0
local nthreads = 1

local function letters(i)
  local s = ""
  repeat
    s = string.char(97 + i % 26) .. s
    i = math.floor(i / 26)
  until i == 0
  return s
end

init = function(args)
  for line in io.lines(args[1]) do
    local b, d, t = line:match("^(%S+) (%S+) (%S+)$")
    places[#places + 1] = {b, d, t}
  end
  first = tonumber(args[2])
  nthreads = tonumber(args[3])
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

request = function()
  local i = first + n * nthreads + tid
  n = n + 1
  local p = places[(i % #places) + 1]
  local lang = (i % 2 == 0) and "en" or "zh-HK"
  local body = string.format('{"treatmentCode":"acne-treatment-trial","branchCode":"%s","preferredDate":"%s",'
      .. '"preferredTime":"%s","fullName":"Bench %s","phone":"+852 94%06d","email":"bench%d@example.com",'
      .. '"language":"%s","consent":{"termsVersion":"2025-10","privacyVersion":"2025-10","accepted":true},'
      .. '"marketingOptIn":%s,"source":{"channel":"web","campaign":"milia-guide"}}',
      p[1], p[2], p[3], letters(i), i % 1000000, i % 1000, lang, (i % 3 == 0) and "true" or "false")
  return wrk.format(nil, "/api/v1/registrations", nil, body)
end

-- Non-2xx answers by status and problem type ("409 slot-full"), so a report can tell full slots from a phone's
-- second free trial (both 409), rate limits (429) or overload (503).
statuses = {}
response = function(status, headers, body)
  if status >= 300 then
    local problem = body and body:match('problems/([%w%-]+)')
    local k = problem and (tostring(status) .. " " .. problem) or tostring(status)
    statuses[k] = (statuses[k] or 0) + 1
  end
end

status_summary = function()
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses") or {}) do
      total[k] = (total[k] or 0) + v
    end
  end
  local parts = {}
  for k, v in pairs(total) do
    parts[#parts + 1] = string.format('"%s":%d', k, v)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end
