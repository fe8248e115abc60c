-- wrk script for tests/load/writes.sh: every thread is one publisher with one connection and its own scheme, and PUTs it
-- again and again with If-Match set to the ETag of its last write (the body switching between two versions), as
-- publishers do. Needs WRITES_DIR (files N.id, N.etag, N.a.json, N.b.json for thread N = 1, 2, …) and WRITES_KEY.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("n", threads)
end

local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return (text:gsub("%s+$", ""))
end

function init(args)
  local dir = os.getenv("WRITES_DIR")
  key = os.getenv("WRITES_KEY")
  id = read(dir .. "/" .. n .. ".id")
  etag = read(dir .. "/" .. n .. ".etag")
  bodies = { read(dir .. "/" .. n .. ".a.json"), read(dir .. "/" .. n .. ".b.json") }
  turn = 1
end

function request()
  return wrk.format("PUT", "/v1/schemes/" .. id,
    { ["Content-Type"] = "application/json", ["X-Api-Key"] = key, ["If-Match"] = etag }, bodies[turn])
end

function response(status, headers, body)
  if status == 200 then
    etag = headers["ETag"] or headers["etag"] or etag
    turn = 3 - turn
  end
end
