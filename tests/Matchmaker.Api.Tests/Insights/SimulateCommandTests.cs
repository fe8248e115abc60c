using Dapper;
using Matchmaker.Api.Tests.Cli;

namespace Matchmaker.Api.Tests.Insights;

// dotnet run --project api -- insights simulate: realistic requests through the real ranking, recorded as demand events.
public sealed class SimulateCommandTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Simulate_RecordsTheRequestedNumberOfRankedRequests_OverThePeriod()
    {
        // Act
        var (exit, output, error) = await _cli.RunAsync("insights", "simulate", "--requests", "400", "--days", "60", "--seed", "7");

        // Assert
        Assert.True(exit == 0, error);
        Assert.Matches(@"^Simulated 400 match requests from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: \d+ unmet", output.Trim());
        await using var connection = await _cli.Database.OpenAsync();
        Assert.Equal(400, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM demand_events"));
        var days = (await connection.QueryAsync<string>("SELECT DISTINCT day FROM demand_events")).Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(days.Max().DayNumber - days.Min().DayNumber < 60);
        Assert.True(days.Count > 20);
        Assert.Equal(["adviser", "anonymous", "widget"], await connection.QueryAsync<string>("SELECT DISTINCT channel FROM demand_events ORDER BY channel"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT province) FROM demand_events") >= 10);
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT code) FROM demand_event_codes WHERE kind = 'purpose'") >= 20);
        // Shown schemes are real schemes of the catalogue, ranked from 1.
        var catalogue = (await connection.QueryAsync<string>("SELECT id FROM schemes")).ToHashSet(StringComparer.Ordinal);
        var shown = (await connection.QueryAsync<string>("SELECT shown FROM demand_events")).ToList();
        Assert.Contains(shown, s => s.Length > 0);
        Assert.All(shown.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)), id => Assert.Contains(id, catalogue));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM demand_scheme_days d WHERE NOT EXISTS (SELECT 1 FROM schemes c WHERE c.id = d.scheme_id)"));
        Assert.Equal(shown.Sum(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length),
            await connection.ExecuteScalarAsync<long>("SELECT SUM(shown) FROM demand_scheme_days"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM demand_words") > 0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    [InlineData("many")]
    public async Task Simulate_WithAWrongNumber_ExitsWith2(string requests)
    {
        var (exit, _, error) = await _cli.RunAsync("insights", "simulate", "--requests", requests);

        Assert.Equal(2, exit);
        Assert.Contains("--requests", error + requests, StringComparison.Ordinal);
        Assert.False(_cli.Database.HasSchema());
    }
}
