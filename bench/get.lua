-- wrk script: one GET path (BENCH_PATH) as one account (BENCH_TOKEN).
function init(args)
  token = os.getenv("BENCH_TOKEN")
  path = os.getenv("BENCH_PATH")
end

function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
