-- wrk script: every request files 10 containers never filed before (from containers.txt),
-- under a fresh reference, so every submission runs the full rules and is accepted.
local counter = 0
local threads = {}
local containers = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_CONTAINERS")) do
    local number, size = line:match("(%S+) (%S+)")
    table.insert(containers, {number, size})
  end
  token = os.getenv("BENCH_TOKEN")
  run = os.getenv("BENCH_RUN")
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  per_thread = math.floor(#containers / nthreads)
  base = id * per_thread
end

function request()
  counter = counter + 1
  local first = base + ((counter - 1) * 10) % per_thread
  local items = {}
  for i = 0, 9 do
    local c = containers[first + i + 1]
    items[#items + 1] = string.format('{"number":"%s","size":"%s"}', c[1], c[2])
  end
  local body = string.format(
    '{"office_code":"040300","ref_number":"B%d-%d-%s","letter_number":"B/PLP/2026",' ..
    '"letter_date":"2026-11-25","origin_tps":"TPKA","origin_gudang":"TPKA",' ..
    '"destination_tps":"CFSB","destination_gudang":"CFB1","reason":"NO_LCL_SPACE",' ..
    '"bc11_number":"009999","bc11_date":"2026-11-20","applicant_name":"BENCH",' ..
    '"containers":[%s]}', id, counter, run, table.concat(items, ","))
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["Authorization"] = "Bearer " .. token}, body)
end
