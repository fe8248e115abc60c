using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matchmaker.Api.Storage;

// The one way to the database, SQLite or PostgreSQL: connections, the catalogue's write transaction, and the few places
// where the two dialects differ (Pick). Queries are otherwise the same text on both.
public sealed class Database : IAsyncDisposable
{
    private readonly string _sqliteConnectionString = "";
    private readonly NpgsqlDataSource? _postgres;

    public Database(DatabaseOptions options)
    {
        Provider = options.Provider;
        if (Provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            PostgresConnectionString = builder.ConnectionString;
            _postgres = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
            // Where, without the password: for messages and the health check.
            DataSource = $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
            {
                ForeignKeys = true,
                Pooling = true,
                // Seconds Microsoft.Data.Sqlite keeps retrying a locked database before it gives up.
                DefaultTimeout = 10,
            };
            _sqliteConnectionString = builder.ToString();
            DataSource = builder.DataSource;
        }
    }

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    // The SQLite file, or host:port/database for PostgreSQL.
    public string DataSource { get; }

    // For the one long-lived LISTEN connection, which must not come from (and block) the pool.
    public string? PostgresConnectionString { get; }

    public string Pick(string sqlite, string postgres) => IsPostgres ? postgres : sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        using var activity = StorageTelemetry.OpenConnection(IsPostgres ? "postgresql" : "sqlite");
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000;";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Catalogue writes (API writes, imports, the seed) run one at a time across every node, so a write always decides on
    // the version the previous one committed: SQLite's BEGIN IMMEDIATE takes the file's write lock up front; PostgreSQL
    // takes a transaction-scoped advisory lock, which it releases at commit or rollback, or when a node dies.
    public static async Task<DbTransaction> BeginCatalogueWriteAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLocks.CatalogueWrites }, transaction, cancellationToken: ct));
        return transaction;
    }

    public static bool IsPostgresConnection(IDbConnection connection) => connection is NpgsqlConnection;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

// Keys of PostgreSQL advisory locks; one number per kind of work that must not run twice at once across nodes.
public static class AdvisoryLocks
{
    public const long Migrations = 4_179_031_001;
    public const long Seed = 4_179_031_002;
    public const long CatalogueWrites = 4_179_031_003;
}
