-- Appended to every wrk script: one machine-readable line with the run's figures (latencies in microseconds).
done = function(summary, latency, requests)
  local qs = {50, 75, 90, 95, 99, 99.9, 99.99}
  local parts = {}
  for _, q in ipairs(qs) do
    parts[#parts + 1] = string.format('"%s":%d', tostring(q), latency:percentile(q))
  end
  local e = summary.errors
  io.write(string.format('BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,"socket_errors":%d,'
      .. '"mean_us":%.1f,"max_us":%d,"percentiles_us":{%s}}\n',
      summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout,
      latency.mean, latency.max, table.concat(parts, ",")))
  if status_summary then
    io.write("BENCHSTATUS " .. status_summary() .. "\n")
  end
end
