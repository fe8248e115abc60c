-- wrk script: POST /v1/matches with a realistic profile and question.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"company":{"legalForm":"bv","sbiCodes":["6201"],"employees":12,"annualTurnoverEur":1500000,"foundedOn":"2019-03-01","municipalityCode":"GM0772"},"need":{"description":"We willen zonnepanelen op ons bedrijfspand en onze energierekening verlagen","themes":["sustainability"],"projectBudgetEur":50000}}]]

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
