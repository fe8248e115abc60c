using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Benchmarks;

// What a POST /v1/matches costs besides the ranking: reading the body and validating it against
// data/match-request.schema.json (the same body the load script sends).
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- --filter '*RequestBenchmarks*'
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private const string Body = """{"company":{"legalForm":"bv","sbiCodes":["6201"],"employees":12,"annualTurnoverEur":1500000,"foundedOn":"2019-03-01","municipalityCode":"GM0772"},"need":{"description":"We willen zonnepanelen op ons bedrijfspand en onze energierekening verlagen","themes":["sustainability"],"projectBudgetEur":50000}}""";
    private static readonly DateOnly Today = new(2026, 11, 26);
    private MatchRequestValidator _validator = null!;
    private IReadOnlyDictionary<string, MunicipalityInfo> _municipalities = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = CatalogueData.Load(DataPath.Find());
        _validator = new MatchRequestValidator(DataPath.Find(), Matchmaker.Api.Vocabularies.CodeLists.Load(DataPath.Find()));
        _municipalities = data.Municipalities.ToDictionary(m => m.Code, m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode));
    }

    [Benchmark]
    public bool ValidateRequest() => _validator.Validate(JsonNode.Parse(Body)!.AsObject(), Today, _municipalities).Request is not null;
}
