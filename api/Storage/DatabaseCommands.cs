using System.CommandLine;

namespace Matchmaker.Api.Storage;

// dotnet run --project api -- database copy --to "<npgsql connection string>"
public static class DatabaseCommands
{
    public static Command Create()
    {
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to fill, as an Npgsql connection string "
                          + "(\"Host=db;Database=matchmaker;Username=matchmaker;Password=...\"). It must hold no data yet.",
            Required = true,
            HelpName = "connection-string",
        };
        var copy = new Command("copy",
            "Copy the SQLite database of ConnectionStrings__Matchmaker (brought up to date first) to an empty PostgreSQL database, "
            + "every table in one transaction: all of it or nothing. Stop the service first: later writes to the file are not copied.")
        {
            to,
        };
        copy.SetAction((parse, ct) => DatabaseCopy.RunAsync(parse.GetValue(to)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        return new Command("database", "Move the service's data from SQLite to PostgreSQL.") { copy };
    }
}
