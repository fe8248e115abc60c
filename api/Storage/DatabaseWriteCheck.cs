using Dapper;
using Microsoft.Data.Sqlite;

namespace Matchmaker.Api.Storage;

// A database that cannot be written (a read-only folder in a container, a folder that is missing or is a file) would
// otherwise surface as "SQLite Error 14" from a hosted service and an abort. This check writes once, up front, and turns
// that into one sentence that names the path and the setting to change.
public sealed class DatabaseWriteCheck(SqliteConnectionFactory db)
{
    // SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_AUTH
    private static readonly int[] AccessErrors = [3, 8, 10, 14, 23];

    public async Task<string?> FindProblemAsync(CancellationToken ct)
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
