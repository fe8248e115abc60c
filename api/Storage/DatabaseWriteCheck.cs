using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matchmaker.Api.Storage;

// A database that cannot be written (a read-only folder in a container, a folder that is missing or is a file) or a
// PostgreSQL server that cannot be reached would otherwise surface as a driver error from a hosted service and an
// abort. This check writes once, up front, and turns that into one sentence that names the place and the setting.
public sealed class DatabaseWriteCheck(Database db)
{
    // SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_AUTH
    private static readonly int[] AccessErrors = [3, 8, 10, 14, 23];

    public Task<string?> FindProblemAsync(CancellationToken ct) => db.IsPostgres ? FindPostgresProblemAsync(ct) : FindSqliteProblemAsync(ct);

    private async Task<string?> FindSqliteProblemAsync(CancellationToken ct)
    {
        if (Migrator.IsInMemory(db.DataSource))
        {
            return null;
        }

        try
        {
            await using var connection = await db.OpenAsync(ct);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            // Writing the header back proves the file, the folder (journal and WAL files live beside it) and the mount.
            var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "PRAGMA user_version = " + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";", transaction: transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return null;
        }
        catch (SqliteException ex) when (AccessErrors.Contains(ex.SqliteErrorCode))
        {
            return Describe(db.DataSource, ex);
        }
    }

    private async Task<string?> FindPostgresProblemAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // A temporary table proves the role may create and write, without leaving anything behind.
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TEMPORARY TABLE matchmaker_write_check (x BIGINT) ON COMMIT DROP; INSERT INTO matchmaker_write_check VALUES (1);",
                transaction: transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            // The server's own words (never the connection string, which may hold a password).
            var reason = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;
            return $"error: the PostgreSQL database {db.DataSource} cannot be used: {reason}. "
                   + "Check ConnectionStrings__Matchmaker (an Npgsql connection string such as "
                   + "\"Host=db;Database=matchmaker;Username=matchmaker;Password=...\") and that the server is running.";
        }
    }

    private static string Describe(string dataSource, SqliteException ex)
    {
        var path = Path.GetFullPath(dataSource);
        var folder = Path.GetDirectoryName(path) ?? path;
        var reason = File.Exists(folder) ? $"'{folder}' is a file, not a folder"
            : !Directory.Exists(folder) ? $"the folder '{folder}' does not exist"
            : File.Exists(path) && IsReadOnly(path) ? "the file is read-only"
            : $"the folder '{folder}' or the file is not writable for this user";
        return $"error: the database '{path}' cannot be written: {reason} (SQLite error {ex.SqliteErrorCode}). "
               + "Set ConnectionStrings__Matchmaker to a file in a writable folder, such as a mounted volume: "
               + "ConnectionStrings__Matchmaker=\"Data Source=/data/matchmaker.db\".";
    }

    private static bool IsReadOnly(string path) =>
        OperatingSystem.IsWindows()
            ? File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly)
            : !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserWrite);
}
