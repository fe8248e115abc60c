using BenchmarkDotNet.Attributes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Benchmarks;

// Ranking one profile with a free-text need: the real catalogue, then synthetic catalogues of 10,000 and 100,000 schemes
// made by varying the real ones (ids, areas, words), so the text and criteria stay realistic.
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private CatalogueSnapshot _snapshot = null!;
    private ResolvedProfile _profile = null!;
    private MatchNeed _need = null!;
    private RankOptions _options = null!;
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Params(0, 10_000, 100_000)]
    public int Schemes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = CatalogueData.Load(DataPath.Find());
        var lexicon = Lexicon.Load(DataPath.Find());
        var real = data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList();
        var schemes = Schemes == 0 ? real : Synthetic.Expand(real, data.Municipalities, Schemes);
        _snapshot = new CatalogueSnapshot(
            schemes,
            data.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
            data.Provinces.ToDictionary(p => p.Code, p => p.Name),
            lexicon,
            Matchmaker.Api.Vocabularies.CodeLists.Load(DataPath.Find()));
        _profile = ProfileResolver.Resolve(null, new MatchCompany("bv", ["6201"], 12, 1_500_000, 800_000, new DateOnly(2019, 3, 1), "GM0772"), Today, _snapshot.Municipalities);
        _need = new MatchNeed("We willen zonnepanelen op ons bedrijfspand en onze energierekening verlagen", ["sustainability"], "investment", null, 50_000);
        _options = new RankOptions(10, false, false);
        Console.WriteLine($"// snapshot: {_snapshot.Schemes.Count} schemes");
    }

    // Reading the question alone (words, purposes, typo repair): the part of RankOneProfile that does not grow with the catalogue's size.
    [Benchmark]
    public int AnalyzeQuestion() => NeedQuery.Analyze(_need, _snapshot).Concepts.Count;

    [Benchmark]
    public int RankOneProfile()
    {
        var need = NeedQuery.Analyze(_need, _snapshot);
        return MatchRanker.Rank(_profile, need, _snapshot, Today, _options).Matches.Count;
    }

    // What a request costs besides HTTP: analysing the question, ranking, and writing the JSON answer.
    [Benchmark]
    public int RankAndSerialize()
    {
        var need = NeedQuery.Analyze(_need, _snapshot);
        var ranked = MatchRanker.Rank(_profile, need, _snapshot, Today, _options);
        // With the service's generated serializer and options (ApiJsonContext), as the endpoint writes it.
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new MatchResult(_profile, ranked.Matches, ranked.Excluded, ranked.NextQuestion, ranked.Questions, new Recognised([], [], [], ranked.Need.Phrases), []),
            Matchmaker.Api.Http.ApiJsonContext.Default.MatchResult).Length;
    }
}

public static class Synthetic
{
    private static readonly string[] Extra = ["machines", "export", "scholing", "prototype", "isolatie", "warmtepomp", "werkkapitaal", "data", "robot", "afval"];

    public static List<(SchemeDocument, string)> Expand(List<(SchemeDocument Scheme, string Provider)> real, IReadOnlyList<MunicipalityRecord> municipalities, int count)
    {
        var random = new Random(42);
        var list = new List<(SchemeDocument, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var (s, provider) = real[i % real.Count];
            string[] areas = random.Next(4) switch
            {
                0 => ["NL"],
                1 => [$"PV{random.Next(20, 32)}"],
                _ => [municipalities[random.Next(municipalities.Count)].Code],
            };
            var word = Extra[random.Next(Extra.Length)];
            list.Add((s with
            {
                Id = $"{s.Id}-{i}",
                Areas = areas,
                Title = new LocalizedText($"{s.Title.Nl} {word} {i}", s.Title.En),
                Keywords = new SchemeKeywords([.. s.Keywords?.Nl ?? [], word], s.Keywords?.En),
            }, provider));
        }

        return list;
    }
}

public static class DataPath
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "data", "providers")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("data/ not found"), "data");
    }
}
