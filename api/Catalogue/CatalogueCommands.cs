using System.CommandLine;
using Matchmaker.Api.Cli;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Catalogue;

// dotnet run --project api -- catalogue report | catalogue check-links [--concurrency 8] [--timeout 10] [--data <path>]
public static class CatalogueCommands
{
    public static Command Create()
    {
        var report = new Command("report",
            "What the service holds (data/ applied to the database), counted per level, instrument, province and municipality, "
            + "with the records to check again: verified or sourced more than 12 months ago, or without structured rules.");
        report.SetAction((parse, ct) => CatalogueReport.RunAsync(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (1-64).", DefaultValueFactory = _ => 8, HelpName = "n" }
            .InRange(1, 64, "--concurrency must be between 1 and 64.");
        var timeout = new Option<int>("--timeout") { Description = "Seconds each request may take (1-300).", DefaultValueFactory = _ => 10, HelpName = "seconds" }
            .InRange(1, 300, "--timeout must be between 1 and 300 seconds.");
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "The catalogue folder to check (default: Catalogue__DataPath, the copy of data/ next to the binaries).",
            HelpName = "path",
        };
        data.AcceptExistingOnly();
        var checkLinks = new Command("check-links",
            "Check every url and sourceUrl in data/: HEAD, then GET when HEAD fails; redirects are reported as moved, not followed. "
            + "Prints the broken (4xx, 5xx, timeout, DNS, connection) and moved links; exit code 1 when any is broken.")
        {
            concurrency, timeout, data,
        };
        checkLinks.SetAction((parse, ct) => CheckLinksAsync(
            parse.GetValue(data), parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.InvocationConfiguration.Output, ct));

        return new Command("catalogue", "Report on the catalogue and check its links.") { report, checkLinks };
    }

    private static async Task<int> CheckLinksAsync(DirectoryInfo? data, int concurrency, TimeSpan timeout, TextWriter output, CancellationToken ct)
    {
        var dataPath = data?.FullName;
        if (dataPath is null)
        {
            using var host = CommandHost.Build();
            dataPath = host.Services.GetRequiredService<IOptions<CatalogueOptions>>().Value.DataPath;
        }

        var uses = LinkChecker.FindLinks(dataPath);
        using var checker = new LinkChecker(LinkChecker.CreateHandler(timeout), timeout, concurrency);
        var checks = await checker.CheckAsync(uses.Select(u => u.Url), ct);
        await output.WriteAsync(LinkChecker.Render(dataPath, uses, checks, concurrency, timeout));
        return checks.Any(c => c.State == LinkState.Broken) ? 1 : 0;
    }
}
