using System.Data;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Catalogue;

// One number that every catalogue write raises inside its transaction. A node whose snapshot was built from an older
// number rebuilds it: PostgreSQL tells every listening node at commit (NOTIFY), and each node also checks the number
// on a timer, in case a notification was missed.
public static class CatalogueVersion
{
    public const string Channel = "matchmaker_catalogue";

    public static async Task RaiseAsync(IDbConnection connection, IDbTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE catalogue_state SET version = version + 1 WHERE id = 1", transaction: transaction, cancellationToken: ct));
        if (Database.IsPostgresConnection(connection))
        {
            // Delivered when the transaction commits, never for one that rolls back; repeats within it are folded into one.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_notify(@Channel, '')", new { Channel }, transaction, cancellationToken: ct));
        }
    }

    public static Task<long> ReadAsync(IDbConnection connection, IDbTransaction? transaction, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT version FROM catalogue_state WHERE id = 1", transaction: transaction, cancellationToken: ct));

    // What data/ looked like the last time it was seeded, so a second node that starts with the same data/ skips the seed.
    public static Task<string?> SeedHashAsync(IDbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT seed_hash FROM catalogue_state WHERE id = 1", cancellationToken: ct));

    public static Task SetSeedHashAsync(IDbConnection connection, IDbTransaction transaction, string hash, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE catalogue_state SET seed_hash = @hash WHERE id = 1", new { hash }, transaction, cancellationToken: ct));
}
