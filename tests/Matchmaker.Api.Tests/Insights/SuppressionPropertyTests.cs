using CsCheck;
using Matchmaker.Api.Insights;
using Microsoft.Extensions.DependencyInjection;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

// Over random event sets, every grouping and every filter: no cell under the minimum is ever shown, the hidden cells
// of an answer hold none or at least the minimum (so the total gives none away), and what is shown is the truth.
public sealed class SuppressionPropertyTests : IDisposable
{
    private const int Minimum = 5;

    private static readonly (string Province, string Municipality)[] Places = [("PV30", "GM0772"), ("PV27", "GM0363"), ("PV20", "GM0014")];
    private static readonly string[] Days = ["2026-09-30", "2026-10-01", "2026-11-15", "2026-11-26"];
    private static readonly string[] Channels = [DemandChannels.Anonymous, DemandChannels.Widget, DemandChannels.Adviser];
    private static readonly string?[] Sizes = ["micro", "small", "medium", null];
    private static readonly string?[] Sections = ["C", "J", null];
    private static readonly string?[] Ages = ["0-2-years", "10-plus-years", null];
    private static readonly string[] Purposes = ["save-energy", "start-business", "hire-staff"];
    private static readonly string[] Themes = ["sustainability", "innovation"];
    private static readonly string[] Instruments = ["subsidy", "loan"];

    private readonly MatchmakerApiFactory _api = new(settings: new Dictionary<string, string> { ["Insights:MinimumCellSize"] = Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public void Dispose() => _api.Dispose();

    private static Gen<T> OneOf<T>(T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static Gen<string[]> SubsetOf(string[] items) => Gen.Bool.Array[items.Length].Select(pick => items.Where((_, i) => pick[i]).ToArray());

    // Kinds of event, each repeated a few times, so cells of every size occur.
    private static readonly Gen<DemandEvent[]> EventSets =
        Gen.Select(OneOf(Days), OneOf(Channels), Gen.Int[-1, Places.Length - 1], OneOf(Sizes), OneOf(Sections), OneOf(Ages), SubsetOf(Purposes),
                Gen.Select(SubsetOf(Themes), SubsetOf(Instruments), Gen.Int[0, 2], Gen.Int[1, 9]),
                (day, channel, place, size, section, age, purposes, rest) => Enumerable.Repeat(
                    Event(day, channel, place < 0 ? null : Places[place].Province, place < 0 ? null : Places[place].Municipality, size, section, age,
                        purposes, rest.Item1, rest.Item2, rest.Item3), rest.Item4).ToArray())
            .Array[0, 25]
            .Select(kinds => kinds.SelectMany(k => k).ToArray());

    private static readonly (string Name, Func<DemandEvent, bool> Keep, DemandFilter Filter)[] Filters =
    [
        ("none", _ => true, new DemandFilter(null, null)),
        ("province", e => e.Province == "PV30", new DemandFilter(null, null, Province: "PV30")),
        ("municipality", e => e.Municipality == "GM0363", new DemandFilter(null, null, Municipality: "GM0363")),
        ("purpose", e => e.Purposes.Contains("save-energy"), new DemandFilter(null, null, Purpose: "save-energy")),
        ("channel", e => e.Channel == DemandChannels.Widget, new DemandFilter(null, null, Channel: DemandChannels.Widget)),
        ("dates", e => e.Day >= new DateOnly(2026, 10, 1) && e.Day <= new DateOnly(2026, 11, 15), new DemandFilter("2026-10-01", "2026-11-15")),
        ("all", e => e.Day >= new DateOnly(2026, 10, 1) && e.Province == "PV27" && e.Purposes.Contains("start-business") && e.Channel == DemandChannels.Anonymous,
            new DemandFilter("2026-10-01", null, "PV27", null, "start-business", DemandChannels.Anonymous)),
    ];

    [Fact]
    public void Suppression_NeverShowsASmallCell_AndHidesNoneOrAtLeastTheMinimum()
    {
        Gen.Select(Gen.Int[1, 15], Gen.Int[0, 40].Array[0, 20]).Sample((minimum, counts) =>
        {
            var cells = counts.Select((n, i) => new CellCount(i == 0 ? null : $"k{i}", n, n / 2)).ToList();

            var (shown, suppressed) = Suppression.Apply(cells, minimum);

            var present = cells.Where(c => c.Requests > 0).ToList();
            var hidden = present.Except(shown).ToList();
            var primary = present.Where(c => c.Requests < minimum).Sum(c => c.Requests);
            Assert.All(shown, c => Assert.True(c.Requests >= minimum));
            Assert.Subset(present.ToHashSet(), shown.ToHashSet());
            Assert.Equal(hidden.Count, suppressed);
            // Unless nothing is shown at all (then there is no total to subtract from either).
            Assert.True(hidden.Sum(c => c.Requests) is 0 || hidden.Sum(c => c.Requests) >= minimum || shown.Count == 0);
            // Cells large enough are hidden only when the small ones alone would give themselves away.
            Assert.Equal(primary > 0 && primary < minimum && present.Any(c => c.Requests >= minimum), hidden.Any(c => c.Requests >= minimum));
        }, iter: 2000);
    }

    [Fact]
    public async Task EveryGroupingAndFilter_ShowsNoCellUnderTheMinimum_AndOnlyTrueCounts()
    {
        _ = _api.CreateClient();
        var service = _api.Services.GetRequiredService<InsightsService>();
        await EventSets.SampleAsync(async events =>
        {
            // Arrange
            await _api.ClearAsync();
            await _api.WriteAsync(events);

            foreach (var grouping in InsightsQueries.Groupings.Keys)
            {
                foreach (var (name, keep, filter) in Filters)
                {
                    // Act
                    var query = new DemandQuery
                    {
                        GroupBy = grouping, Province = filter.Province, Municipality = filter.Municipality, Purpose = filter.Purpose, Channel = filter.Channel,
                        From = filter.From is null ? null : DateOnly.Parse(filter.From, System.Globalization.CultureInfo.InvariantCulture),
                        To = filter.To is null ? null : DateOnly.Parse(filter.To, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    Assert.True((await service.DemandAsync(query, english: false, CancellationToken.None)).TryGetValue(out var report, out _));
                    var truth = Truth(events.Where(keep), grouping);

                    // Assert
                    var because = $"{grouping} with filter {name}";
                    Assert.All(report.Items, c => Assert.True(c.Requests >= Minimum, because));
                    Assert.All(report.Items, c => Assert.Equal(truth[c.Key], (c.Requests, c.Unmet)));
                    var hidden = truth.Where(t => report.Items.All(c => c.Key != t.Key)).Sum(t => t.Value.Requests);
                    Assert.True(hidden == 0 || hidden >= Minimum || report.Items.Count == 0, because);
                    Assert.Equal(truth.Count - report.Items.Count, report.SuppressedCells);
                    var total = events.Where(keep).ToList();
                    Assert.Equal(total.Count >= Minimum ? (total.Count, total.Count(e => e.Unmet)) : ((int, int)?)null,
                        report.Total is { } t ? ((int)t.Requests, (int)t.Unmet) : ((int, int)?)null);
                }
            }

            // The unmet cells are a subset of what the demand grouping by province shows for the same purpose.
            Assert.True((await service.UnmetAsync(new UnmetQuery { Limit = 100 }, english: false, CancellationToken.None)).TryGetValue(out var unmet, out _));
            foreach (var cell in unmet.Items)
            {
                Assert.True(cell.Requests >= Minimum && cell.Unmet > 0);
                Assert.True((await service.DemandAsync(new DemandQuery { GroupBy = "province", Purpose = cell.Purpose }, false, CancellationToken.None))
                    .TryGetValue(out var byProvince, out _));
                Assert.Contains(byProvince.Items, c => c.Key == cell.Province && c.Requests == cell.Requests && c.Unmet == cell.Unmet);
            }
        }, iter: 60, threads: 1);
    }

    // The cells a grouping has in truth, keyed as the API keys them.
    private static Dictionary<string, (long Requests, long Unmet)> Truth(IEnumerable<DemandEvent> events, string grouping)
    {
        IEnumerable<string> KeysOf(DemandEvent e) => grouping switch
        {
            "purpose" => e.Purposes.Count > 0 ? e.Purposes : [InsightsService.None],
            "theme" => e.Themes.Count > 0 ? e.Themes : [InsightsService.None],
            "instrument" => e.Instruments.Count > 0 ? e.Instruments : [InsightsService.None],
            "province" => [e.Province ?? InsightsService.Unknown],
            "municipality" => [e.Municipality ?? InsightsService.Unknown],
            "sizeClass" => [e.SizeClass ?? InsightsService.Unknown],
            "sbiSection" => [e.SbiSection ?? InsightsService.Unknown],
            "ageBand" => [e.AgeBand ?? InsightsService.Unknown],
            "month" => [e.Day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)],
            "channel" => [e.Channel],
            _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
        };

        return events.SelectMany(e => KeysOf(e).Select(k => (Key: k, e.Unmet)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ((long)g.Count(), (long)g.Count(x => x.Unmet)), StringComparer.Ordinal);
    }
}
