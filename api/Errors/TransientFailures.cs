using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matchmaker.Api.Errors;

// Failures of the database that pass by themselves: answered 503 with Retry-After, not 500, since the request was fine.
public static class TransientFailures
{
    public const int RetryAfterSeconds = 2;

    public const string Detail = "The database was too busy to carry out this request in time; nothing of it was stored. Try again in a moment.";

    // SQLite's SQLITE_BUSY and SQLITE_LOCKED: another writer held the database past the busy timeout.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool Is(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        // Covers a pool that gave out (its TimeoutException comes wrapped) and a connection that broke.
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
