-- wrk script: GET /v1/annotators/{id} over ANNOTATORS ids (ann-0 … ann-N-1). Env: TOKEN, ANNOTATORS.
local token = os.getenv("TOKEN")
local annotators = tonumber(os.getenv("ANNOTATORS") or "500")
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", "/v1/annotators/ann-" .. (n % annotators), {["Authorization"] = "Bearer " .. token})
end
function response(status, headers, body)
  if status ~= 200 and n < 5 then io.stderr:write("status " .. status .. "\n") end
end
