using Dapper;
using Matchmaker.Api.Insights;
using Microsoft.Extensions.DependencyInjection;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

// Events older than Insights__RetentionDays, and words nobody used since, are deleted once a day, by one node.
public sealed class DemandRetentionTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly MatchmakerApiFactory _a;
    private readonly MatchmakerApiFactory _b;

    public DemandRetentionTests()
    {
        var settings = new Dictionary<string, string> { ["Insights:RetentionDays"] = "30", ["Insights:MinimumCellSize"] = "1" };
        _a = new MatchmakerApiFactory(database: _database, settings: settings);
        _b = new MatchmakerApiFactory(database: _database, settings: settings);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task OldEventsAndWords_AreDeletedOnceADay_ByOneNode()
    {
        // Arrange: both nodes started (each may have claimed the first run), then a day later.
        var snapshot = _a.Snapshot();
        _b.CreateClient();
        await _a.WriteAsync([
            Event("2026-10-26", shown: ["t-open-subsidy"], purposes: ["save-energy"]) with { Description = "Oudwoordzorg", Snapshot = snapshot },
            Event("2026-10-27", shown: ["t-advice"]) with { Description = "Nieuwwoordzorg", Snapshot = snapshot },
            Event("2026-11-20"),
        ]);
        _a.Time.Advance(TimeSpan.FromDays(1));
        _b.Time.Advance(TimeSpan.FromDays(1));

        // Act: today is 2026-11-27, so 2026-10-28 is the first day kept.
        var onA = await _a.Services.GetRequiredService<DemandRetention>().RunOnceAsync(CancellationToken.None);
        var onB = await _b.Services.GetRequiredService<DemandRetention>().RunOnceAsync(CancellationToken.None);
        var again = await _a.Services.GetRequiredService<DemandRetention>().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal((2, 2), onA);
        Assert.Null(onB);
        Assert.Null(again);
        Assert.Equal(["2026-11-20"], (await _a.EventsAsync()).Select(e => e.Day));
        Assert.Empty(await _a.WordsAsync());
        await using var connection = await _database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM demand_scheme_days WHERE day < '2026-10-28'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM demand_event_codes"));
    }

    [Fact]
    public void Cutoff_IsTodayLessTheRetentionDays()
    {
        using var api = new MatchmakerApiFactory();
        _ = api.CreateClient();

        Assert.Equal(new DateOnly(2024, 11, 26), api.Services.GetRequiredService<DemandRetention>().Cutoff);
    }
}
