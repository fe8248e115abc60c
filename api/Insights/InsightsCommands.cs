using System.CommandLine;
using System.Globalization;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Cli;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// dotnet run --project api -- insights simulate [--requests 20000] [--days 365] [--seed 42]
public static class InsightsCommands
{
    public const int BatchSize = 500;

    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "How many match requests to simulate (1-1000000).", DefaultValueFactory = _ => 20_000, HelpName = "n" }
            .InRange(1, 1_000_000, "--requests must be between 1 and 1000000.");
        var days = new Option<int>("--days") { Description = "Spread them over this many days up to today (1-730).", DefaultValueFactory = _ => 365, HelpName = "n" }
            .InRange(1, 730, "--days must be between 1 and 730.");
        var seed = new Option<int>("--seed") { Description = "Seed of the random mix; the same seed and catalogue give the same requests.", DefaultValueFactory = _ => 42, HelpName = "n" };
        var simulate = new Command("simulate",
            "Replay a realistic mix of match requests (firms in data/areas' municipalities, sizes, SBI sections, purposes from "
            + "data/vocabularies.json in the words firms use) through the real ranking, and record them as demand events, so the "
            + "insights API and the /insights page have data to show. Applies data/ to the database first, as a start would.")
        {
            requests, days, seed,
        };
        simulate.SetAction((parse, ct) => SimulateAsync(
            parse.GetValue(requests), parse.GetValue(days), parse.GetValue(seed), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return new Command("insights", "Demand insights: fill them with simulated requests.") { simulate };
    }

    private static async Task<int> SimulateAsync(int requests, int days, int seed, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var host = await CommandHost.OpenDatabaseAsync(error, ct);
        if (host is null)
        {
            return 1;
        }

        var services = host.Services;
        await services.GetRequiredService<CatalogueSeeder>().SeedAsync(ct);
        var catalogue = services.GetRequiredService<IOptions<CatalogueOptions>>();
        var db = services.GetRequiredService<Database>();
        using var snapshots = new CatalogueSnapshotProvider(
            db, catalogue, CodeLists.Load(catalogue.Value.DataPath), services.GetRequiredService<ILogger<CatalogueSnapshotProvider>>());
        await snapshots.RefreshAsync(ct);
        var insights = Options.Create(services.GetRequiredService<IConfiguration>().GetSection(InsightsOptions.Section).Get<InsightsOptions>() ?? new InsightsOptions());
        var store = new DemandStore(db, insights);
        var today = services.GetRequiredService<TimeProvider>().TodayInAmsterdam();
        var simulator = new DemandSimulator(snapshots.Current, seed);

        // Ranked first, then written day by day in batches, as the service would have written them.
        var events = Enumerable.Range(0, requests).Select(i => simulator.Next(today, days, i)).OrderBy(e => e.Day).ToList();
        foreach (var batch in events.Chunk(BatchSize))
        {
            await store.WriteAsync(batch, ct);
        }

        var unmet = events.Count(e => e.Unmet);
        // Flush the log output first, so the summary is the last thing printed.
        host.Dispose();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Simulated {requests} match requests from {events[0].Day:yyyy-MM-dd} to {events[^1].Day:yyyy-MM-dd}: {unmet} unmet ({unmet * 100.0 / requests:0.0}%), "
            + $"{events.Count(e => e.Purposes.Count > 0)} with a purpose; written to {db.DataSource}."));
        return 0;
    }
}
