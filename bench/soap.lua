-- wrk script: UploadMohonPLP (SOAP 1.1) with 10 containers never filed before, fresh REF_NUMBER.
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
    items[#items + 1] = string.format("&lt;CONT&gt;&lt;NO_CONT&gt;%s&lt;/NO_CONT&gt;" ..
      "&lt;UK_CONT&gt;%s&lt;/UK_CONT&gt;&lt;/CONT&gt;", c[1], c[2])
  end
  local h = "&lt;%s&gt;%s&lt;/%s&gt;"
  local function e(name, value) return string.format(h, name, value, name) end
  local header = e("KD_KANTOR", "040300") .. e("TIPE_DATA", "1") .. e("KD_TPS_ASAL", "TPKA") ..
    e("REF_NUMBER", string.format("S%d-%d-%s", id, counter, run)) .. e("NO_SURAT", "B/PLP/2026") ..
    e("TGL_SURAT", "20261125") .. e("GUDANG_ASAL", "TPKA") .. e("KD_TPS_TUJUAN", "CFSB") ..
    e("GUDANG_TUJUAN", "CFB1") .. e("KD_ALASAN_PLP", "2") .. e("YOR_ASAL", "") ..
    e("YOR_TUJUAN", "") .. e("CALL_SIGN", "BENCH") .. e("NM_ANGKUT", "MV BENCH") ..
    e("NO_VOY_FLIGHT", "001") .. e("TGL_TIBA", "20261119") .. e("NO_BC11", "009999") ..
    e("TGL_BC11", "20261120") .. e("NM_PEMOHON", "BENCH")
  local doc = "&lt;DOCUMENT xmlns=\"loadplp.xsd\"&gt;&lt;LOADPLP&gt;&lt;HEADER&gt;" .. header ..
    "&lt;/HEADER&gt;&lt;DETIL&gt;" .. table.concat(items) ..
    "&lt;/DETIL&gt;&lt;/LOADPLP&gt;&lt;/DOCUMENT&gt;"
  local body = '<?xml version="1.0" encoding="utf-8"?><soap:Envelope ' ..
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' ..
    '<UploadMohonPLP xmlns="http://services.beacukai.go.id/"><fStream>' .. doc ..
    '</fStream><Username>tpka</Username><Password>tpka-demo</Password></UploadMohonPLP>' ..
    '</soap:Body></soap:Envelope>'
  return wrk.format("POST", nil, {["Content-Type"] = "text/xml; charset=utf-8",
    ["SOAPAction"] = '"http://services.beacukai.go.id/UploadMohonPLP"'}, body)
end

-- a GAGAL answer is still HTTP 200: count it, so the run reports refusals
refused = 0
function response(status, headers, body)
  if not body:find("Proses Berhasil", 1, true) then refused = refused + 1 end
end
