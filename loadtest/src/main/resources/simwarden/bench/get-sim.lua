-- wrk script of the http benchmark: GET /api/v1/sims/{imsi} for a random IMSI of the file named by SIMWARDEN_IMSIS,
-- with the API key in SIMWARDEN_KEY.
local imsis = {}
for line in io.lines(os.getenv("SIMWARDEN_IMSIS")) do
  imsis[#imsis + 1] = line
end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("SIMWARDEN_KEY") }

function setup(thread)
  thread:set("id", math.random(1000000))
end

function init(args)
  math.randomseed(id)
end

request = function()
  return wrk.format("GET", "/api/v1/sims/" .. imsis[math.random(#imsis)], headers)
end
