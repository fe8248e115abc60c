using Microsoft.Data.Sqlite;

namespace Matchmaker.Api.Storage;

// One connection per operation; Microsoft.Data.Sqlite pools the underlying handles.
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(DatabaseOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            // Seconds Microsoft.Data.Sqlite keeps retrying a locked database before it gives up.
            DefaultTimeout = 10,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        using var activity = StorageTelemetry.OpenConnection("sqlite");
        var connection = new SqliteConnection(_connectionString);
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
}
