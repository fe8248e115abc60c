using System.Globalization;
using System.Text.Json.Nodes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Benchmarks;

// The tuning loop for ScoreWeights, in process and in a second: the judged set v2 ranked with the default weights, or
// with each line of a sweep file ("Relevance=0.85 Purpose=0.25"). Only the tune half is printed, with its cases that
// miss the top 3 when asked; the holdout half only as totals and only with --holdout, so that it stays a fair measure.
//   dotnet run -c Release --project tests/Matchmaker.Benchmarks -- judge [--show] [--sweep FILE] [--holdout]
public static class JudgeCommand
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private sealed record Prepared(string Split, string Name, ResolvedProfile Profile, NeedQuery Need, string[] Expected, string[] Forbidden, DateOnly AsOf);

    private sealed record Metrics(double RecallAt10, double RecallAt3, double Mrr, int Violations)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"r@10 {RecallAt10:0.000} r@3 {RecallAt3:0.000} MRR {Mrr:0.000} violations {Violations}");
    }

    public static void Run(string[] args)
    {
        var dataPath = DataPath.Find();
        var data = CatalogueData.Load(dataPath);
        var codes = CodeLists.Load(dataPath);
        var snapshot = new CatalogueSnapshot(
            data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList(),
            data.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
            data.Provinces.ToDictionary(p => p.Code, p => p.Name), Lexicon.Load(dataPath), codes);
        var validator = new MatchRequestValidator(dataPath, codes);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Matchmaker.sln")))
        {
            root = root.Parent;
        }

        var casesFile = Path.Combine(root?.FullName ?? throw new DirectoryNotFoundException("Matchmaker.sln not found"),
            "tests", "Matchmaker.Api.Tests", "Matching", "judged-cases-v2.json");
        var prepared = new List<Prepared>();
        foreach (var c in JsonNode.Parse(File.ReadAllText(casesFile))!.AsArray())
        {
            var (request, problems) = validator.Validate(c!["request"]!.DeepClone().AsObject(), Today, snapshot.Municipalities);
            if (request is null)
            {
                throw new InvalidOperationException($"{c["name"]}: {string.Join("; ", problems)}");
            }

            var asOf = request.AsOf ?? Today;
            prepared.Add(new Prepared(
                c["split"]!.GetValue<string>(), c["name"]!.GetValue<string>(),
                ProfileResolver.Resolve(request.KvkNumber, request.Company, asOf, snapshot.Municipalities), NeedQuery.Analyze(request.Need, snapshot),
                Strings(c["expected"]), Strings(c["forbidden"]), asOf));
        }

        var holdout = args.Contains("--holdout");
        void Report(string label, ScoreWeights weights, bool show)
        {
            var line = $"{label,-70} tune {Measure(prepared, "tune", snapshot, weights, show)}";
            Console.WriteLine(holdout ? $"{line} | holdout {Measure(prepared, "holdout", snapshot, weights, show: false)}" : line);
        }

        Report("default", ScoreWeights.Default, args.Contains("--show"));
        var sweep = Array.IndexOf(args, "--sweep");
        if (sweep >= 0)
        {
            foreach (var line in File.ReadLines(args[sweep + 1]).Where(l => !string.IsNullOrWhiteSpace(l)))
            {
                Report(line, With(ScoreWeights.Default, line), show: false);
            }
        }
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<string>()).ToArray();

    // "Name=value Name=value" onto a copy of the weights.
    private static ScoreWeights With(ScoreWeights weights, string line)
    {
        var copy = weights with { };
        foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var property = typeof(ScoreWeights).GetProperty(name) ?? throw new ArgumentException($"ScoreWeights has no {name}.");
            property.SetValue(copy, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }

        return copy;
    }

    private static Metrics Measure(List<Prepared> cases, string split, CatalogueSnapshot snapshot, ScoreWeights weights, bool show)
    {
        int expected = 0, at10 = 0, at3 = 0, violations = 0, count = 0;
        var reciprocal = 0.0;
        foreach (var c in cases.Where(c => c.Split == split))
        {
            var ids = MatchRanker.Rank(c.Profile, c.Need, snapshot, c.AsOf, new RankOptions(50, false, false), weights)
                .Matches.Select(m => m.Scheme.Id).ToList();
            count++;
            expected += c.Expected.Length;
            at10 += c.Expected.Count(ids.Take(10).Contains);
            at3 += c.Expected.Count(ids.Take(3).Contains);
            var first = ids.Take(10).ToList().FindIndex(c.Expected.Contains);
            reciprocal += first >= 0 ? 1.0 / (first + 1) : 0;
            violations += c.Forbidden.Count(ids.Contains);
            if (show && c.Expected.Any(e => !ids.Take(3).Contains(e)))
            {
                Console.WriteLine($"  {c.Name}: " + string.Join(", ", c.Expected.Select(e => $"{e} at {ids.IndexOf(e) + 1}")));
            }
        }

        return new Metrics(at10 / (double)Math.Max(1, expected), at3 / (double)Math.Max(1, expected), reciprocal / Math.Max(1, count), violations);
    }
}
