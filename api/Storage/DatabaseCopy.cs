using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Cli;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matchmaker.Api.Storage;

// database copy: the configured SQLite database, brought up to date, into an empty PostgreSQL database, migrated first.
// Every row goes over in one PostgreSQL transaction, so a copy that fails half-way leaves the target without data, and
// nodes already running on the target reload the catalogue when it commits.
public static class DatabaseCopy
{
    private const int BatchSize = 500;

    // Parents before children (foreign keys). Each table's columns and key are read from the source's own schema
    // (pragma_table_info), whose names Migrations/sqlite and Migrations/postgres share; read through Dapper they have the
    // same types (INTEGER and BIGINT as long, TEXT as string), so a column a migration adds is copied without a change here.
    // catalogue_state is not here: the target has its one row already, and it is updated, not inserted. Nor is
    // caseload_state: the change detector's claim and last date check belong to the nodes that run it; the target's
    // detector starts afresh (the profiles' baselines, copied, say what was already told, so nothing is told twice).
    // insights_keys comes along: without the key of the word hashes the words counted so far would never be recognised.
    private static readonly string[] TableNames =
    [
        "providers", "provinces", "municipalities", "vocabulary_terms", "schemes", "scheme_themes", "scheme_areas",
        "scheme_windows", "scheme_purposes", "scheme_revisions", "audit_log", "api_keys", "upstream_cache", "feedback",
        "referral_settings", "referrals", "referral_events", "referral_notifications", "job_runs", "demand_events",
        "demand_event_codes", "demand_scheme_days", "demand_words", "saved_profiles", "profile_matches",
        "catalogue_changes", "webhook_subscriptions", "webhook_events", "webhook_deliveries", "webhook_attempts",
        "insights_keys",
    ];

    // Tables whose ids PostgreSQL hands out itself (identity columns): copied with their ids, so the sequence moves on.
    private static readonly string[] IdentityTables = ["audit_log", "demand_events", "catalogue_changes"];

    // What is copied from a SQLite database, table by table, for the test that every table and column of the schema is.
    internal static async Task<IReadOnlyDictionary<string, string[]>> CopiedColumnsAsync(SqliteConnection from) =>
        (await TablesAsync(from, null, CancellationToken.None)).ToDictionary(t => t.Name, t => t.Columns, StringComparer.Ordinal);

    // The tables with their columns in schema order and their key (rowid for a table without one), so a copy reads each
    // in a fixed order.
    private static async Task<List<Table>> TablesAsync(SqliteConnection from, SqliteTransaction? read, CancellationToken ct)
    {
        var tables = new List<Table>(TableNames.Length);
        foreach (var name in TableNames)
        {
            var columns = (await from.QueryAsync<(string Name, long Key)>(new CommandDefinition(
                "SELECT name, pk FROM pragma_table_info(@name) ORDER BY cid", new { name }, read, cancellationToken: ct))).ToList();
            var key = columns.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Name).ToList();
            tables.Add(new Table(name, columns.Select(c => c.Name).ToArray(), key.Count > 0 ? string.Join(", ", key) : "rowid"));
        }

        return tables;
    }

    public static async Task<int> RunAsync(string to, TextWriter output, TextWriter error, CancellationToken ct)
    {
        CopyResult result;
        string sourcePath;
        string targetName;
        using (var host = CommandHost.Build())
        {
            var problem = FindSourceProblem(host.Services);
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
                return 1;
            }

            Database target;
            try
            {
                target = new Database(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = to });
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                await error.WriteLineAsync(
                    $"error: --to is not an Npgsql connection string ({OneLine(ex.Message)}); give one such as "
                    + "\"Host=db;Database=matchmaker;Username=matchmaker;Password=...\".");
                return MatchmakerCli.UsageError;
            }

            await using (target)
            {
                var source = host.Services.GetRequiredService<Database>();
                sourcePath = Path.GetFullPath(source.DataSource);
                targetName = target.DataSource;
                if (!await host.Services.CheckDatabaseIsWritableAsync(error))
                {
                    return 1;
                }

                try
                {
                    await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
                    result = await MigrateAndCopyAsync(source, target, host.Services.GetRequiredService<ILogger<Migrator>>(), ct);
                }
                catch (SqliteException ex)
                {
                    await error.WriteLineAsync($"error: the SQLite database '{sourcePath}' cannot be read: {OneLine(ex.Message)} Nothing was copied.");
                    return 1;
                }
                catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal))
                {
                    // Data exception or integrity violation: a row SQLite let in (it checks little) that PostgreSQL does not.
                    await error.WriteLineAsync(
                        $"error: PostgreSQL refused a row of the SQLite database, and nothing was copied to {target.DataSource}: {Reason(ex)}. "
                        + $"Correct that row in '{sourcePath}' and copy again.");
                    return 1;
                }
                catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
                {
                    // The server's own words (never the connection string, which may hold a password).
                    await error.WriteLineAsync(
                        $"error: the PostgreSQL database {target.DataSource} cannot be used, and nothing was copied: {Reason(ex)}. "
                        + "Check the connection string given with --to and that the server is running.");
                    return 1;
                }
            }
        }

        // After the host is gone, so its log lines (migrations) come first and the report is the end of the output.
        if (result.Existing is not null)
        {
            await error.WriteLineAsync(
                $"error: the PostgreSQL database {targetName} already holds data ({result.Existing}); database copy fills only an empty "
                + "database, so nothing was copied. Give --to a new, empty database.");
            return 1;
        }

        var width = TableNames.Max(t => t.Length) + 2;
        foreach (var (table, rows) in result.Rows)
        {
            await output.WriteLineAsync(table.PadRight(width) + rows.ToString(CultureInfo.InvariantCulture).PadLeft(8) + (rows == 1 ? " row" : " rows"));
        }

        await output.WriteLineAsync("catalogue_state".PadRight(width) + " version " + result.Version.ToString(CultureInfo.InvariantCulture));
        await output.WriteLineAsync(
            $"Copied {result.Rows.Sum(r => r.Rows).ToString(CultureInfo.InvariantCulture)} rows from {sourcePath} to PostgreSQL {targetName} "
            + "in one transaction; nodes running on it reload the catalogue.");
        return 0;
    }

    private static string? FindSourceProblem(IServiceProvider services)
    {
        // From the options, not the Database: that would parse the PostgreSQL connection string, which may not be valid.
        if (services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Postgres)
        {
            return "error: database copy reads a SQLite database, and Database__Provider is 'postgres'. Run it with the settings the "
                   + "SQLite service used (Database__Provider unset or 'sqlite', ConnectionStrings__Matchmaker=\"Data Source=<file>\") "
                   + "and the PostgreSQL connection string in --to.";
        }

        // Opening a missing file would create an empty database and copy nothing but its tables.
        var dataSource = services.GetRequiredService<Database>().DataSource;
        return Migrator.IsInMemory(dataSource) || !File.Exists(dataSource)
            ? $"error: there is no SQLite database file '{dataSource}' to copy. Set ConnectionStrings__Matchmaker to the service's "
              + "file, such as ConnectionStrings__Matchmaker=\"Data Source=/data/matchmaker.db\"."
            : null;
    }

    private static async Task<CopyResult> MigrateAndCopyAsync(Database source, Database target, ILogger<Migrator> logger, CancellationToken ct)
    {
        // Before the migrations, so that a refusal leaves a database in use exactly as it was.
        await using (var connection = await target.OpenAsync(ct))
        {
            if (await FindExistingRowsAsync(connection, null, ct) is { } existing)
            {
                return new CopyResult(existing, [], 0);
            }
        }

        await new Migrator(target, new ClusterLock(target), logger).MigrateAsync(ct);

        await using var from = (SqliteConnection)await source.OpenAsync(ct);
        // One snapshot of the file for every table: a deferred transaction that only reads takes no write lock.
        await using var read = from.BeginTransaction(deferred: true);
        await using var to = await target.OpenAsync(ct);
        // The catalogue's write lock for the whole copy: a node on the target that writes (or seeds) waits for it, and the
        // check below sees what such a node committed before.
        await using var write = await Database.BeginCatalogueWriteAsync(to, ct);
        if (await FindExistingRowsAsync(to, write, ct) is { } found)
        {
            return new CopyResult(found, [], 0);
        }

        var rows = new List<(string Table, long Rows)>();
        foreach (var table in await TablesAsync(from, read, ct))
        {
            rows.Add((table.Name, await CopyTableAsync(from, read, to, write, table, ct)));
        }

        // The ids came along; without this the identity would hand out 1, 2, ... again and collide with them. The table
        // names are our own constants above, never input.
        foreach (var table in IdentityTables)
        {
            await to.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}",
                transaction: write, cancellationToken: ct));
        }

        // The seed hash too: a node that starts on the target with the same data/ then knows it is seeded already.
        var state = await from.QuerySingleAsync<CatalogueState>(new CommandDefinition(
            "SELECT version AS Version, seed_hash AS SeedHash FROM catalogue_state WHERE id = 1", transaction: read, cancellationToken: ct));
        await to.ExecuteAsync(new CommandDefinition(
            "UPDATE catalogue_state SET version = @Version, seed_hash = @SeedHash WHERE id = 1", state, write, cancellationToken: ct));
        await CatalogueVersion.RaiseAsync(to, write, ct);
        var version = await CatalogueVersion.ReadAsync(to, write, ct);
        await write.CommitAsync(ct);
        return new CopyResult(null, rows, version);
    }

    private static async Task<long> CopyTableAsync(
        SqliteConnection from, SqliteTransaction read, DbConnection to, DbTransaction write, Table table, CancellationToken ct)
    {
        var batch = new List<Dictionary<string, object?>>(BatchSize);
        long copied = 0;
        // Unbuffered, so that no table (upstream_cache can be large) is ever held in memory whole.
        await foreach (var row in from.QueryUnbufferedAsync(table.SelectSql, transaction: read).WithCancellation(ct))
        {
            batch.Add(table.Parameters((IDictionary<string, object?>)row));
            if (batch.Count == BatchSize)
            {
                copied += await to.ExecuteAsync(new CommandDefinition(table.InsertSql, batch, write, cancellationToken: ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            copied += await to.ExecuteAsync(new CommandDefinition(table.InsertSql, batch, write, cancellationToken: ct));
        }

        return copied;
    }

    // The tables that hold rows, with their counts ("schemes: 9, api_keys: 2"), or null when all are empty. Before the
    // migrations a table may not exist yet; to_regclass is null for it, where COUNT would fail.
    private static async Task<string?> FindExistingRowsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var name in TableNames)
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT to_regclass(@name) IS NOT NULL", new { name }, transaction, cancellationToken: ct));
            var rows = exists
                ? await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {name}", transaction: transaction, cancellationToken: ct))
                : 0;
            if (rows > 0)
            {
                found.Add(name + ": " + rows.ToString(CultureInfo.InvariantCulture));
            }
        }

        return found.Count == 0 ? null : string.Join(", ", found);
    }

    private static string Reason(Exception ex)
    {
        var reason = ex switch
        {
            // Not the detail: Npgsql leaves it out (the row's values) unless the connection string asks for it.
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            { InnerException: { } inner } when inner.Message != ex.Message => $"{ex.Message} ({inner.Message})",
            _ => ex.Message,
        };
        return OneLine(reason.TrimEnd('.'));
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    // Table names are our own constants and column names those of our own schema, never input; the values always travel
    // as parameters.
    private sealed record Table(string Name, string[] Columns, string OrderBy)
    {
        public string SelectSql => $"SELECT {string.Join(", ", Columns)} FROM {Name} ORDER BY {OrderBy}";

        public string InsertSql => $"INSERT INTO {Name} ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";

        public Dictionary<string, object?> Parameters(IDictionary<string, object?> row) => Columns.ToDictionary(c => c, c => row[c], StringComparer.Ordinal);
    }

    private sealed record CopyResult(string? Existing, IReadOnlyList<(string Table, long Rows)> Rows, long Version);

    private sealed class CatalogueState
    {
        public long Version { get; init; }

        public string? SeedHash { get; init; }
    }
}
