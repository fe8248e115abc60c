using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Catalogue;

public sealed record SchemeRow(string Id, string Document, string ProviderName, long Version, string UpdatedAt, long Ended, long WindowsRequired);

// What is stored for a scheme, archived or not: what seed and import compare a new version with.
public sealed record StoredVersion(string Id, string Document, long Version, long Archived, string Origin, string? SeedHash);

public sealed record RevisionRow(long Version, string Document, long Archived, string ChangedAt, string ChangedBy, string Change);

public sealed record Page<T>(IReadOnlyList<T> Items, int TotalItems);

// A stored scheme's version and the time of its last change (default for schemes not read from the store).
public readonly record struct SchemeStamp(long Version, DateTimeOffset UpdatedAt);

// A scheme that is listed and matched, as the matching snapshot is built from it.
public sealed record PublishedScheme(SchemeDocument Document, string ProviderName, SchemeStamp Stamp = default);

public sealed class SchemeRepository(Database db)
{
    public async Task<SchemeRow?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await GetAsync(connection, null, id, ct);
    }

    // Shared with writers, which read the current version inside their own transaction.
    public static Task<SchemeRow?> GetAsync(IDbConnection connection, IDbTransaction? transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<SchemeRow>(new CommandDefinition(
            """
            SELECT s.id AS Id, s.document AS Document, p.name AS ProviderName, s.version AS Version, s.updated_at AS UpdatedAt, s.ended AS Ended, s.windows_required AS WindowsRequired
            FROM schemes s
            JOIN providers p ON p.id = s.provider_id
            WHERE s.id = @id AND s.archived = 0
            """,
            new { id }, transaction, cancellationToken: ct));

    // The statements below take the caller's connection: writers run them inside their transaction, and the snapshot,
    // the report and the health check run without the repository's DI registration (commands have none).

    // Null when the id was never used; otherwise whether it is archived (ids are never reused).
    public static async Task<bool?> IsArchivedAsync(IDbConnection connection, IDbTransaction? transaction, string id, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT archived FROM schemes WHERE id = @id", new { id }, transaction, cancellationToken: ct)) is { } archived
            ? archived == 1
            : null;

    // Archived schemes included: their history still belongs to their provider.
    public static Task<string?> ProviderOfAsync(IDbConnection connection, string id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT provider_id FROM schemes WHERE id = @id", new { id }, cancellationToken: ct));

    public static async Task<IReadOnlyList<RevisionRow>> RevisionsAsync(IDbConnection connection, string id, CancellationToken ct) =>
        (await connection.QueryAsync<RevisionRow>(new CommandDefinition(
            """
            SELECT version AS Version, document AS Document, archived AS Archived, changed_at AS ChangedAt, changed_by AS ChangedBy,
                   change AS Change
            FROM scheme_revisions
            WHERE scheme_id = @id ORDER BY version DESC
            """, new { id }, cancellationToken: ct))).ToList();

    public static async Task<IReadOnlyList<(string Id, string ProviderId)>> ArchivedAsync(IDbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(string Id, string ProviderId)>(new CommandDefinition(
            "SELECT id, provider_id FROM schemes WHERE archived = 1", cancellationToken: ct))).ToList();

    public static async Task<Dictionary<string, StoredVersion>> StoredVersionsAsync(IDbConnection connection, IDbTransaction transaction, CancellationToken ct) =>
        (await connection.QueryAsync<StoredVersion>(new CommandDefinition(
            """
            SELECT id AS Id, document AS Document, version AS Version, archived AS Archived, origin AS Origin, seed_hash AS SeedHash
            FROM schemes
            """, transaction: transaction, cancellationToken: ct)))
        .ToDictionary(r => r.Id, StringComparer.Ordinal);

    // Every scheme that is listed and matched, with its provider's name and stamp, in storage order.
    // The documents are read and parsed on every core, parsing being most of a start on a large catalogue; a batch at a
    // time, so the texts of 10,000 documents are never all held beside what is made of them. SQLite hands over a text's
    // UTF-8 bytes as they are stored, which the parser reads directly: no string of each document, made only to be
    // turned back into UTF-8.
    public static async Task<IReadOnlyList<PublishedScheme>> PublishedAsync(IDbConnection connection, CancellationToken ct)
    {
        var published = new List<PublishedScheme>();
        var batch = new List<BulkRow>(ParseBatch);
        // One batch is parsed while the next is read.
        var parsing = Task.CompletedTask;
        async Task ParseAsync()
        {
            await parsing;
            var rows = batch;
            batch = new List<BulkRow>(ParseBatch);
            parsing = Task.Run(() => published.AddRange(rows.AsParallel().AsOrdered().Select(r => r.ToPublished())), ct);
        }

        var utf8 = !Database.IsPostgresConnection(connection);
        await using var command = ((DbConnection)connection).CreateCommand();
        command.CommandText = PublishedSql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            batch.Add(new BulkRow(
                utf8 ? reader.GetFieldValue<byte[]>(0) : null, utf8 ? null : reader.GetString(0),
                reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            if (batch.Count == ParseBatch)
            {
                await ParseAsync();
            }
        }

        await ParseAsync();
        await parsing;
        return published;
    }

    private const int ParseBatch = 512;

    // The given schemes that are published now, by id: what a snapshot update reads after a write.
    public static async Task<Dictionary<string, PublishedScheme>> PublishedAsync(
        IDbConnection connection, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await connection.QueryAsync<PublishedRow>(new CommandDefinition(
            // Dapper spells a list out as parameters for SQLite; Npgsql takes the array as one.
            PublishedSql + (Database.IsPostgresConnection(connection) ? " AND s.id = ANY(@ids)" : " AND s.id IN @ids"),
            new { ids = ids.ToArray() }, cancellationToken: ct)))
        .Select(r => r.ToPublished())
        .ToDictionary(r => r.Document.Id, StringComparer.Ordinal);

    private const string PublishedSql =
        """
        SELECT s.document AS Document, p.name AS ProviderName, s.version AS Version, s.updated_at AS UpdatedAt
        FROM schemes s JOIN providers p ON p.id = s.provider_id
        WHERE s.archived = 0
        """;

    private sealed record PublishedRow(string Document, string ProviderName, long Version, string UpdatedAt)
    {
        // Texts are shared when read inside a SharedStrings scope (the matching snapshot's).
        public PublishedScheme ToPublished() => new(CatalogueJson.DeserializeShared(Document), ProviderName, Stamp(Version, UpdatedAt));
    }

    // The document as UTF-8 bytes (SQLite) or as text (PostgreSQL).
    private readonly record struct BulkRow(byte[]? Utf8, string? Text, string ProviderName, long Version, string UpdatedAt)
    {
        public PublishedScheme ToPublished() => new(
            Utf8 is not null ? CatalogueJson.DeserializeShared(Utf8) : CatalogueJson.DeserializeShared(Text!), ProviderName, Stamp(Version, UpdatedAt));
    }

    private static SchemeStamp Stamp(long version, string updatedAt) =>
        new(version, DateTimeOffset.Parse(updatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    // Archived ones included: the health check only proves the table can be read.
    public static Task<long> CountAllAsync(IDbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM schemes", cancellationToken: ct));
}
