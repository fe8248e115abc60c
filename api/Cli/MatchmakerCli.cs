using System.CommandLine;
using System.CommandLine.Invocation;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Cli;

// dotnet run --project api -- <command>. Commands never build the web host: each builds only what it needs
// (configuration, the database, its migrations), so `apikeys` neither re-seeds the catalogue nor opens a port.
public static class MatchmakerCli
{
    // Wrong or missing arguments; 1 is left for "ran, and found a problem" (a broken link, a database that cannot be written).
    public const int UsageError = 2;

    private static readonly string[] CommandWords = ["apikeys", "catalogue", "database", "insights", "--help", "-h", "-?", "/?", "--version"];

    // Anything else (no arguments, --urls ...) starts the web service.
    public static bool Handles(string[] args) => args.Length > 0 && CommandWords.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand(
            """
            Matchmaker: public support schemes for Dutch SMEs, matched to a firm.
            Without a command it starts the web service: dotnet run --project api [-- --urls http://127.0.0.1:PORT]
            """)
        {
            ApiKeyCommands.Create(),
            CatalogueCommands.Create(),
            DatabaseCommands.Create(),
            InsightsCommands.Create(),
        };
        var parsed = root.Parse(args);
        var exit = await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        });
        return parsed.Action is ParseErrorAction ? UsageError : exit;
    }
}
