using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Matchmaker.Api.Storage;

// Numbered SQL files under Storage/Migrations, applied in order; PRAGMA user_version records the last one applied.
public sealed class Migrator(SqliteConnectionFactory db, ILogger<Migrator> logger)
{
    public static IReadOnlyList<(int Number, string Name, string Sql)> LoadMigrations()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Matchmaker.Api.Storage.Migrations.";
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

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!IsInMemory(db.DataSource))
        {
            // WAL lets readers go on while the seed or a write runs; it persists in the database file.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        }

        var current = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", cancellationToken: ct));
        var applied = 0;
        foreach (var (number, name, sql) in LoadMigrations().Where(m => m.Number > current))
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

    public static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource == ":memory:" || dataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
