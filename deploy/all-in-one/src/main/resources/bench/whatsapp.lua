-- POST the WhatsApp Cloud API request notification-service sends for one confirmation (same path, headers and
-- body shape), for the drain workload's limit: the provider stub's own pace. Arguments: path, body file.
init = function(args)
  local f = assert(io.open(args[2], "r"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer unset"
end
