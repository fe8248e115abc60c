using System.Text.Json;
using Matchmaker.Api.Insights;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

// The insights API over a known set of events (minimum cell size 10).
public sealed class InsightsQueryTests : IAsyncLifetime, IDisposable
{
    private readonly MatchmakerApiFactory _api = new();
    private HttpClient _analyst = null!;

    public async Task InitializeAsync()
    {
        _analyst = await _api.ClientWithKeyAsync("analyst");
        await _api.WriteAsync([
            .. Enumerable.Repeat(Event("2026-10-05", DemandChannels.Widget, "PV30", "GM0772", "micro", "C", "0-2-years", ["save-energy"], fitting: 2,
                shown: ["t-open-subsidy", "t-eindhoven-energy"]), 12),
            .. Enumerable.Repeat(Event("2026-11-10", DemandChannels.Anonymous, "PV27", "GM0363", "small", "J", "10-plus-years", ["start-business", "hire-staff"],
                fitting: 0, shown: ["t-eindhoven-energy"]), 11),
            .. Enumerable.Repeat(Event("2026-11-20", DemandChannels.Adviser, "PV20", "GM0014", "medium", fitting: 0), 4),
            .. Enumerable.Repeat(Event("2026-11-25", purposes: ["save-energy"], themes: ["sustainability"], instruments: ["subsidy"]), 10),
            .. Enumerable.Repeat(Event("2026-09-15", shown: ["t-open-subsidy"]), 5),
        ]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _api.Dispose();

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await _analyst.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task ByProvince_HidesTheSmallCell_AndTheNextSmallest_SoTheTotalRevealsNoSmallCell()
    {
        var report = await GetAsync("/v1/insights/demand?groupBy=province&to=2026-11-30&from=2026-10-01");

        // PV20 has 4 requests: hidden; alone it would follow from the total, so the next smallest (unknown, 10) goes too.
        Assert.Equal(["PV30", "PV27"], report.Keys());
        Assert.Equal(2, report.GetProperty("suppressedCells").GetInt32());
        Assert.Equal(10, report.GetProperty("minimumCellSize").GetInt32());
        var total = report.GetProperty("total");
        Assert.Equal((37L, 15L, 0.405), (total.GetProperty("requests").GetInt64(), total.GetProperty("unmet").GetInt64(), total.GetProperty("unmetShare").GetDouble()));
        var brabant = report.GetProperty("items")[0];
        Assert.Equal(("Noord-Brabant", 12L, 0L, 0.0), (brabant.GetProperty("label").GetString(), brabant.GetProperty("requests").GetInt64(),
            brabant.GetProperty("unmet").GetInt64(), brabant.GetProperty("unmetShare").GetDouble()));
    }

    [Fact]
    public async Task ByPurpose_CountsAnEventUnderEachOfItsPurposes_AndThoseWithoutAsNone()
    {
        var report = await GetAsync("/v1/insights/demand?groupBy=purpose&from=2026-10-01");

        // save-energy 22, start-business 11, hire-staff 11, none 4: none hidden, then hire-staff (11, first by code).
        Assert.Equal(["save-energy", "start-business"], report.Keys());
        Assert.Equal(22, report.Requests("save-energy"));
        Assert.Equal(2, report.GetProperty("suppressedCells").GetInt32());
        Assert.Equal("Energie besparen", report.GetProperty("items")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task ByMonth_InOrder_WithLabelsInTheRequestsLanguage()
    {
        var report = await GetAsync("/v1/insights/demand?groupBy=month&from=2026-10-01&language=en");
        var all = await GetAsync("/v1/insights/demand?groupBy=month");

        Assert.Equal(["2026-10", "2026-11"], report.Keys());
        Assert.Equal(["October 2026", "November 2026"], report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()));
        // September (5) is hidden, and October (12) with it, or the total (42) would give September away.
        Assert.Equal(["2026-11"], all.Keys());
        Assert.Equal("november 2026", all.GetProperty("items")[0].GetProperty("label").GetString());
        Assert.Equal(2, all.GetProperty("suppressedCells").GetInt32());
        Assert.Equal(42, all.GetProperty("total").GetProperty("requests").GetInt64());
    }

    [Theory]
    [InlineData("groupBy=channel", new[] { "anonymous" }, 2)]
    [InlineData("groupBy=sizeClass&province=PV30", new[] { "micro" }, 0)]
    [InlineData("groupBy=ageBand&municipality=GM0363", new[] { "10-plus-years" }, 0)]
    [InlineData("groupBy=sbiSection&municipality=GM0363&province=PV27", new[] { "J" }, 0)]
    [InlineData("groupBy=province&purpose=save-energy", new[] { "PV30", "unknown" }, 0)]
    [InlineData("groupBy=month&from=2026-11-01", new[] { "2026-11" }, 0)]
    [InlineData("groupBy=theme&purpose=save-energy", new[] { "none", "sustainability" }, 0)]
    [InlineData("groupBy=instrument&channel=anonymous&from=2026-11-01", new[] { "none", "subsidy" }, 0)]
    [InlineData("groupBy=municipality&channel=widget", new[] { "GM0772" }, 0)]
    public async Task GroupingsAndFilters(string query, string[] keys, int suppressed)
    {
        var report = await GetAsync("/v1/insights/demand?" + query);

        Assert.Equal(keys, report.Keys().Order(StringComparer.Ordinal));
        Assert.Equal(suppressed, report.GetProperty("suppressedCells").GetInt32());
        Assert.All(report.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("requests").GetInt64() >= 10));
    }

    [Fact]
    public async Task AFilterWithFewerRequestsThanTheMinimum_ShowsNothing_NotEvenTheTotal()
    {
        var report = await GetAsync("/v1/insights/demand?channel=adviser&groupBy=province");

        Assert.Empty(report.GetProperty("items").EnumerateArray());
        Assert.False(report.TryGetProperty("total", out _));
        Assert.Equal(1, report.GetProperty("suppressedCells").GetInt32());
    }

    [Fact]
    public async Task Unmet_ListsPurposeByProvinceCells_MostUnmetFirst_HiddenAsTheDemandGroupingHidesThem()
    {
        var report = await GetAsync("/v1/insights/unmet");

        var items = report.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("hire-staff", "PV27"), ("start-business", "PV27")],
            items.Select(i => (i.GetProperty("purpose").GetString(), i.GetProperty("province").GetString())));
        Assert.All(items, i => Assert.Equal((11L, 11L, 1.0, "Noord-Holland"),
            (i.GetProperty("requests").GetInt64(), i.GetProperty("unmet").GetInt64(), i.GetProperty("unmetShare").GetDouble(), i.GetProperty("provinceLabel").GetString())));
        foreach (var item in items)
        {
            var demand = await GetAsync($"/v1/insights/demand?groupBy=province&purpose={item.GetProperty("purpose").GetString()}");
            Assert.Contains("PV27", demand.Keys());
        }

        Assert.Empty((await GetAsync("/v1/insights/unmet?channel=widget")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task SchemeExposure_PerMonth_HidesSmallMonths()
    {
        var eindhoven = await GetAsync("/v1/insights/schemes/t-eindhoven-energy");
        var open = await GetAsync("/v1/insights/schemes/t-open-subsidy?from=2026-09-01&to=2026-12-31");

        Assert.Equal("Energiebesparing kleine bedrijven Eindhoven", eindhoven.GetProperty("title").GetProperty("nl").GetString());
        Assert.Equal([("2026-10", 12L, 12L, 2.0), ("2026-11", 11L, 11L, 1.0)], eindhoven.GetProperty("items").EnumerateArray().Select(m => (
            m.GetProperty("month").GetString(), m.GetProperty("shown").GetInt64(), m.GetProperty("top3").GetInt64(), m.GetProperty("meanRank").GetDouble())));
        Assert.Equal(["2026-10"], open.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(1, open.GetProperty("suppressedCells").GetInt32());
    }

    [Fact]
    public async Task InvalidFilters_OneAnswerListsEveryProblem()
    {
        var checks = await (await _analyst.GetAsync("/v1/insights/demand?from=2026-11-30&to=2026-11-01&province=PV99&municipality=GM9999"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var mismatch = await (await _analyst.GetAsync("/v1/insights/demand?province=PV20&municipality=GM0363")).ProblemAsync(HttpStatusCode.BadRequest);
        var formats = await (await _analyst.GetAsync("/v1/insights/demand?groupBy=galaxy&channel=fax&from=yesterday&province=Utrecht&size=2"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var limits = await (await _analyst.GetAsync("/v1/insights/unmet?limit=0&from=2027-01-01")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["from", "from", "province", "municipality"], checks.InvalidParamNames());
        Assert.Equal(["municipality"], mismatch.InvalidParamNames());
        Assert.Contains("Amsterdam is not in province PV20", mismatch.GetProperty("invalidParams")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["channel", "from", "groupBy", "province", "size"], formats.InvalidParamNames().Order(StringComparer.Ordinal));
        Assert.Equal(["limit"], limits.InvalidParamNames());
    }

    [Fact]
    public async Task Words_AreEmptyUntilAWordReachesTheMinimum()
    {
        var words = await GetAsync("/v1/insights/words?limit=5");

        Assert.Empty(words.GetProperty("items").EnumerateArray());
        Assert.Equal(10, words.GetProperty("minimumCellSize").GetInt32());
    }
}
