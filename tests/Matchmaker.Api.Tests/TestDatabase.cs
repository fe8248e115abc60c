using System.Data.Common;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matchmaker.Api.Tests;

// The database a test service runs on. By default a new SQLite file; with MATCHMAKER_TEST_POSTGRES set (an Npgsql
// connection string to a server where this user may create databases, as .ci/run sets it) a new PostgreSQL database,
// so the same suite runs against both. Each one is removed when the test is done.
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "MATCHMAKER_TEST_POSTGRES";

    private int _disposed;

    private readonly bool _external;
    private string? _server;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, bool external = false)
    {
        _external = external;
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static bool OnPostgres => PostgresServer is not null;

    public const string ServerVariable = "MATCHMAKER_TEST_POSTGRES_SERVER";

    public static string? AnyPostgresServer =>
        PostgresServer ?? (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null);

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public string ConnectionString { get; }

    // The SQLite file, or the PostgreSQL database's name.
    public string Name { get; }

    public string ProviderSetting => IsPostgres ? "postgres" : "sqlite";

    // The database the suite runs on.
    public static TestDatabase Create() => PostgresServer is { } server ? CreatePostgres(server) : Sqlite();

    // For what only SQLite has (files, PRAGMAs, its own migrations' history): always a file.
    public static TestDatabase Sqlite(string? path = null)
    {
        path ??= Path.Combine(Path.GetTempPath(), $"matchmaker-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={path}", path);
    }

    // A PostgreSQL server that is not there (nothing listens on port 1): for the start's error message. Never created
    // or dropped; the password is there to prove it is never shown.
    public static TestDatabase UnreachablePostgres() => new(
        DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Username=matchmaker;Password=not-to-be-shown;Database=matchmaker;Timeout=3",
        "matchmaker", external: true);

    // A new, empty PostgreSQL database next to one on SQLite (database copy), on the suite's server or, in a run on
    // SQLite, on the one MATCHMAKER_TEST_POSTGRES_SERVER names (CI sets it, so these tests run in both runs).
    public static TestDatabase Postgres() =>
        AnyPostgresServer is { } server ? CreatePostgres(server)
            : throw new InvalidOperationException($"Set {PostgresVariable} or {ServerVariable} to make a PostgreSQL test database.");

    private static TestDatabase CreatePostgres(string serverConnectionString)
    {
        var name = $"mm_test_{Guid.NewGuid():N}";
        using (var server = new NpgsqlConnection(serverConnectionString))
        {
            server.Open();
            // An identifier cannot be a parameter; this one is made from a GUID here, never from input.
            server.Execute($"CREATE DATABASE {name}");
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, name) { _server = serverConnectionString };
    }

    public IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("ConnectionStrings:Matchmaker", ConnectionString),
        new("Database:Provider", ProviderSetting),
    ];

    // The same, for a child process's environment.
    public void AddTo(IDictionary<string, string?> environment)
    {
        environment["ConnectionStrings__Matchmaker"] = ConnectionString;
        environment["Database__Provider"] = ProviderSetting;
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    // Whether anything has made tables in it yet (commands that must not touch the database).
    public bool HasSchema()
    {
        if (!IsPostgres)
        {
            return File.Exists(Name);
        }

        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") > 0;
    }

    // The number of the last migration applied.
    public async Task<long> MigrationVersionAsync()
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            IsPostgres ? "SELECT COALESCE(MAX(number), 0) FROM schema_migrations" : "PRAGMA user_version");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1 || _external)
        {
            return;
        }

        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            using var server = new NpgsqlConnection(_server);
            server.Open();
            server.Execute($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Name + suffix);
            }
            catch (IOException)
            {
                // A file still held by a late pooled handle is left to the temp folder.
            }
        }
    }
}
