using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Matchmaker.Api.Tests.Matching;

// The grown judged set: every case names the authority page it was judged from and a split. "tune" cases may be
// looked at while tuning; "holdout" cases are the honest measure. The numbers are printed for both halves and for
// keyword search; the asserts hold the floors we reached, so a regression fails.
public sealed class JudgedSetV2Tests(RealCatalogueApi api, ITestOutputHelper output) : IClassFixture<RealCatalogueApi>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Forbidden: schemes the firm cannot get (ended, another region, or ruled out by the record's own rules); a violation
    // when shown. Unrelated: schemes an adviser would not name for this need; counted when they reach the top 3.
    public sealed record JudgedCase(
        string Name, string Split, string Source, JsonObject Request, string[] Expected, string[] Forbidden, string[]? Unrelated = null);

    public sealed record Metrics(int Cases, int Expected, double RecallAt10, double RecallAt3, double Mrr, int Violations, int UnrelatedInTop3)
    {
        public override string ToString() =>
            $"{Cases} cases, {Expected} expected: recall@10 {RecallAt10:0.000}, recall@3 {RecallAt3:0.000}, MRR {Mrr:0.000}, " +
            $"violations {Violations}, unrelated in top 3 {UnrelatedInTop3}";
    }

    public static List<JudgedCase> Load() => JsonSerializer.Deserialize<List<JudgedCase>>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Matching", "judged-cases-v2.json")), Web)!;

    [Fact]
    public async Task JudgedSetV2_BothHalves_ReportRecallAndMrr_WithoutViolations()
    {
        var cases = Load();
        var client = api.Factory.CreateClient();
        var results = new Dictionary<string, (List<string> Matcher, List<string> Search)>();
        foreach (var c in cases)
        {
            var request = c.Request.DeepClone().AsObject();
            request["limit"] = 50;
            var response = await client.PostAsJsonAsync("/v1/matches", request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ids = (await response.JsonAsync()).GetProperty("matches").EnumerateArray()
                .Select(m => m.GetProperty("scheme").GetProperty("id").GetString()!).ToList();
            var description = c.Request["need"]?["description"]?.GetValue<string>() ?? "";
            var search = await (await client.GetAsync("/v1/schemes?pageSize=10&search=" + Uri.EscapeDataString(description))).JsonAsync();
            var searchIds = search.ValueKind == JsonValueKind.Object && search.TryGetProperty("items", out _) ? search.Ids() : [];
            results[c.Name] = (ids, searchIds.ToList());
        }

        var report = new List<string>();
        var halves = new[] { "tune", "holdout" }.Select(split =>
        {
            var part = cases.Where(c => c.Split == split).ToList();
            var matcher = Measure(part, c => results[c.Name].Matcher, report);
            var search = Measure(part, c => results[c.Name].Search, null);
            output.WriteLine($"{split}: matcher {matcher}");
            output.WriteLine($"{split}: keyword search {search}");
            return (Split: split, Part: part, Matcher: matcher, Search: search);
        }).ToList();
        report.ForEach(output.WriteLine);

        foreach (var (split, part, matcher, search) in halves)
        {
            Assert.True(part.Count >= 50, $"The {split} half needs at least 50 cases.");
            Assert.True(matcher.Violations == 0, string.Join("\n", report.Where(r => r.StartsWith("VIOLATION", StringComparison.Ordinal))));
            Assert.True(matcher.RecallAt10 >= Floor.RecallAt10 && matcher.RecallAt3 >= Floor.RecallAt3 && matcher.Mrr >= Floor.Mrr,
                $"{split}: {matcher} is below the floor {Floor}.");
            Assert.True(matcher.RecallAt10 > search.RecallAt10, $"{split}: the matcher must beat keyword search.");
        }
    }

    // What both halves reached when this was last tuned (README, "Judged set"), a little below so that a case added later
    // that the ranker misses does not fail it by itself; a change that falls below fails. Lowered from 0.85/0.72/0.70
    // when 18 harder cases (273-290, schemes no case expected before) came in on 4 December, and from 0.84/0.70/0.69 when
    // nine more (308-316, sector funds, culture funds, municipal and regional schemes) came in untuned on 5 December: the
    // four of the holdout half all miss the top 10, which takes that half to 0.819/0.678/0.682. Raised on 7 December,
    // when filler words, a firm's headcount and a long question's further words stopped thinning relevance and 19
    // cases (317-335) came in: the holdout half is at 0.855/0.715/0.710. With cases 336-398 (late on 7 December) it is at
    // 0.863/0.735/0.700, the MRR on its floor; MRR lowered to 0.68 when 21 cases of short and of long, indirect
    // questions (399-419) came in untuned and took the holdout half to 0.857/0.726/0.698. MRR lowered to 0.67 on
    // 8 December: 65 cases (420-484) written to find what the ranker does not know yet (schemes no case expected,
    // situations told as stories) came in untuned, and their holdout halves took that half to 0.862/0.720/0.678,
    // while the first 445 cases' holdout half rose from 0.854/0.723/0.699 to 0.866/0.731/0.698.
    private static readonly Metrics Floor = new(0, 0, RecallAt10: 0.84, RecallAt3: 0.70, Mrr: 0.67, 0, 0);

    public static Metrics Measure(List<JudgedCase> cases, Func<JudgedCase, List<string>> ranked, List<string>? report)
    {
        int expected = 0, at10 = 0, at3 = 0, violations = 0, unrelated = 0;
        var reciprocal = 0.0;
        foreach (var c in cases)
        {
            var ids = ranked(c);
            var top10 = ids.Take(10).ToList();
            expected += c.Expected.Length;
            at10 += c.Expected.Count(top10.Contains);
            at3 += c.Expected.Count(ids.Take(3).Contains);
            var first = top10.FindIndex(c.Expected.Contains);
            reciprocal += first >= 0 ? 1.0 / (first + 1) : 0;
            var bad = c.Forbidden.Where(ids.Contains).ToList();
            violations += bad.Count;
            unrelated += (c.Unrelated ?? []).Count(ids.Take(3).Contains);
            report?.AddRange(bad.Select(f => $"VIOLATION {c.Name}: {f} at rank {ids.IndexOf(f) + 1}"));
            report?.AddRange(c.Expected.Where(e => !top10.Contains(e)).Select(e => $"miss {c.Split} {c.Name}: {e} (top 3: {string.Join(", ", ids.Take(3))})"));
        }

        return new Metrics(cases.Count, expected, at10 / (double)Math.Max(1, expected), at3 / (double)Math.Max(1, expected),
            reciprocal / Math.Max(1, cases.Count), violations, unrelated);
    }
}
