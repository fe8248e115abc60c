using System.Text.Json;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

// The ranking loop decides each candidate's outcome from the entry's numbers and bits (Decide); it must be what listing
// every criterion and combining them gives (Overall of Check), for every scheme of the catalogue and firms of every kind:
// fields missing or given, in and out of each rule's range, facts answered either way or not at all.
public sealed class DecideTests
{
    private static readonly string?[] Municipalities = [null, "GM0772", "GM0363", "GM0014", "GM0344", "GM0935"];
    private static readonly int?[] Employees = [null, 0, 1, 3, 9, 10, 40, 49, 50, 249, 300];
    private static readonly long?[] Money = [null, 90_000, 1_500_000, 2_000_001, 12_000_000, 60_000_000];
    private static readonly string?[] Founded = [null, "2026-06-01", "2024-01-01", "2021-11-26", "2016-03-01", "1990-01-01"];
    private static readonly string?[] LegalForms = [null, "bv", "eenmanszaak", "vof", "stichting", "cooperatie", "vereniging", "nv"];
    private static readonly string[]?[] Sectors = [null, ["6201"], ["0113"], ["4711", "6201"], ["2562"], ["6810"], ["5610"], ["86101"]];

    [Fact]
    public void Decide_IsOverallOfCheck_ForEverySchemeAndManyFirms()
    {
        // Arrange
        var snapshot = TestCatalogue.RealSnapshot.Value;
        var factCodes = snapshot.Codes.Terms.Facts;
        var random = new Random(20261203);
        T Pick<T>(IReadOnlyList<T> from) => from[random.Next(from.Count)];
        var checks = new List<Check>();
        var compared = 0;

        for (var n = 0; n < 400; n++)
        {
            // Facts: none, or a random part of the list, each answered either way (numbers small, middling or large).
            var facts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (n % 4 != 0)
            {
                foreach (var fact in factCodes.Where(_ => random.Next(3) == 0))
                {
                    facts[fact.Code] = fact.Type == "boolean"
                        ? JsonSerializer.SerializeToElement(random.Next(2) == 1)
                        : JsonSerializer.SerializeToElement(Pick(new long[] { 0, 1, 3, 6, 24, 150_000, 5_000_000 }));
                }
            }

            var founded = Pick(Founded);
            var company = new MatchCompany(
                Pick(LegalForms), Pick(Sectors), Pick(Employees), Pick(Money), Pick(Money),
                founded is null ? null : DateOnly.Parse(founded, System.Globalization.CultureInfo.InvariantCulture), Pick(Municipalities),
                Facts: facts);
            var firm = TestCatalogue.Profile(snapshot, company);
            var facets = FirmFacets.Of(firm, snapshot.Bits);

            // Act and assert
            foreach (var scheme in snapshot.Schemes)
            {
                checks.Clear();
                EligibilityEvaluator.Check(scheme, firm, facets.Area, checks);
                var expected = EligibilityEvaluator.Overall(checks);
                var decided = EligibilityEvaluator.Decide(scheme, firm, facets);
                Assert.True(expected == decided, $"{scheme.Document.Id} for firm {n}: Check says {expected}, Decide {decided}.");
                compared++;
            }
        }

        Assert.True(compared > 150_000);
    }
}
