using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Matchmaker.Api.Storage;

// Numbered SQL files under Storage/Migrations/<provider>, the same numbers and names for both databases, applied in
// order, each in its own transaction. SQLite records the last one in PRAGMA user_version; PostgreSQL in
// schema_migrations, under an advisory lock so that nodes starting together apply each migration once.
public sealed class Migrator(Database db, ClusterLock locks, ILogger<Migrator> logger)
{
    public static IReadOnlyList<(int Number, string Name, string Sql)> LoadMigrations(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = "Matchmaker.Api.Storage.Migrations." + Folder(provider) + ".";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var number = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                return (number, name, Read(assembly, n));
            })
            .OrderBy(m => m.number)
            .ToList();
    }

    public Task<int> MigrateAsync(CancellationToken ct) => db.IsPostgres ? MigratePostgresAsync(ct) : MigrateSqliteAsync(ct);

    private async Task<int> MigrateSqliteAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!IsInMemory(db.DataSource))
        {
            // WAL lets readers go on while the seed or a write runs; it persists in the database file.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        }

        var current = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", cancellationToken: ct));
        var applied = 0;
        foreach (var (number, name, sql) in LoadMigrations(DatabaseProvider.Sqlite).Where(m => m.Number > current))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            // PRAGMA takes no parameters; the number comes from our own resource name, never from input.
            await connection.ExecuteAsync(new CommandDefinition(
                "PRAGMA user_version = " + number.ToString(CultureInfo.InvariantCulture) + ";", transaction: transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied database migration {Migration}", name);
            applied++;
        }

        return applied;
    }

    private async Task<int> MigratePostgresAsync(CancellationToken ct)
    {
        await using var held = await locks.AcquireAsync(AdvisoryLocks.Migrations, ct);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                number      BIGINT PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """, cancellationToken: ct));
        var current = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(number), 0) FROM schema_migrations", cancellationToken: ct));
        var applied = 0;
        foreach (var (number, name, sql) in LoadMigrations(DatabaseProvider.Postgres).Where(m => m.Number > current))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (@number, @name, @At)",
                new { number = (long)number, name, At = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied database migration {Migration}", name);
            applied++;
        }

        return applied;
    }

    public static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource == ":memory:" || dataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    private static string Folder(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
