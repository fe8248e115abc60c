using System.Data;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Catalogue;

public sealed record SchemeFilter(
    string? Level, string? Instrument, string? Theme, string? Provider, string? Province, string? Municipality,
    string? Status, string? Search, DateOnly Today, int Page, int PageSize, string? Purpose = null);

public sealed record SchemeRow(string Id, string Document, string ProviderName, long Version, string UpdatedAt, long Ended, long WindowsRequired);

// What is stored for a scheme, archived or not: what seed and import compare a new version with.
public sealed record StoredVersion(string Id, string Document, long Version, long Archived, string Origin, string? SeedHash);

public sealed record RevisionRow(long Version, string Document, long Archived, string ChangedAt, string ChangedBy, string Change);

public sealed record Page<T>(IReadOnlyList<T> Items, int TotalItems);

public sealed class SchemeRepository(Database db)
{
    // Full-text matches with a rank (lower is better), put in at {0} below: the one part of the list that differs per database.
    // SQLite: FTS5's bm25 with the columns weighted title 4, keywords 2, summary 1. PostgreSQL: the stored vector holds
    // each word as written, and stemmed the Dutch and the English way; a query matches on any of the three readings.
    private const string SqliteFullText =
        """
        SELECT scheme_id, bm25(schemes_fts, 0.0, 4.0, 1.0, 2.0) AS rank
        FROM schemes_fts WHERE @FtsQuery IS NOT NULL AND schemes_fts MATCH @FtsQuery
        """;

    private const string PostgresFullText =
        """
        SELECT scheme_id, -ts_rank(vector, to_tsquery('simple', @FtsQuery) || to_tsquery('dutch', @FtsQuery) || to_tsquery('english', @FtsQuery)) AS rank
        FROM schemes_fts
        WHERE @FtsQuery IS NOT NULL
          AND (vector @@ to_tsquery('simple', @FtsQuery) OR vector @@ to_tsquery('dutch', @FtsQuery) OR vector @@ to_tsquery('english', @FtsQuery))
        """;

    // One fixed statement: absent filters are NULL parameters, so no SQL is ever assembled from input. The status is
    // worked out only when it is filtered on (a scalar in the WHERE, after "@Status IS NULL OR", which SQLite and
    // PostgreSQL both skip when it is NULL): a CTE computing it for every scheme cost more than the search itself.
    private const string FilteredIds =
        """
        WITH matched AS (
            SELECT s.id, COALESCE(f.rank, 0.0) AS rank
            FROM schemes s
            LEFT JOIN ({0}) f ON f.scheme_id = s.id
            WHERE s.archived = 0
              AND (@FtsQuery IS NULL OR f.scheme_id IS NOT NULL)
              AND (@Level IS NULL OR s.level = @Level)
              AND (@Instrument IS NULL OR s.instrument = @Instrument)
              AND (@Provider IS NULL OR s.provider_id = @Provider)
              AND (@Status IS NULL OR (
                CASE
                    WHEN s.ended = 1 THEN @StatusEnded
                    WHEN NOT EXISTS (SELECT 1 FROM scheme_windows w WHERE w.scheme_id = s.id) THEN
                        CASE WHEN s.windows_required = 1 THEN @StatusExpected
                             WHEN s.budget_status = @ExhaustedBudget THEN @StatusClosed
                             ELSE @StatusOpen END
                    WHEN COALESCE(s.budget_status, '') <> @ExhaustedBudget
                         AND EXISTS (SELECT 1 FROM scheme_windows w WHERE w.scheme_id = s.id
                                 AND (w.mode = @ContinuousMode OR w.opens_on IS NOT NULL OR w.closes_on IS NOT NULL)
                                 AND (w.opens_on IS NULL OR w.opens_on <= @Today)
                                 AND (w.closes_on IS NULL OR w.closes_on >= @Today)) THEN @StatusOpen
                    WHEN EXISTS (SELECT 1 FROM scheme_windows w WHERE w.scheme_id = s.id AND w.opens_on > @Today) THEN @StatusUpcoming
                    WHEN EXISTS (SELECT 1 FROM scheme_windows w WHERE w.scheme_id = s.id
                                 AND w.opens_on IS NULL AND w.closes_on IS NULL AND w.mode <> @ContinuousMode) THEN @StatusExpected
                    ELSE @StatusClosed
                END) = @Status)
              AND (@Theme IS NULL OR EXISTS (SELECT 1 FROM scheme_themes t WHERE t.scheme_id = s.id AND t.theme = @Theme))
              AND (@Purpose IS NULL OR EXISTS (SELECT 1 FROM scheme_purposes u WHERE u.scheme_id = s.id AND u.purpose = @Purpose))
              AND (@Province IS NULL OR EXISTS (
                    SELECT 1 FROM scheme_areas a WHERE a.scheme_id = s.id
                    AND (a.area_code IN ('NL', @Province)
                         OR a.area_code IN (SELECT m.code FROM municipalities m WHERE m.province_code = @Province))))
              AND (@Municipality IS NULL OR EXISTS (
                    SELECT 1 FROM scheme_areas a WHERE a.scheme_id = s.id
                    AND (a.area_code IN ('NL', @Municipality)
                         OR a.area_code = (SELECT m.province_code FROM municipalities m WHERE m.code = @Municipality))))
        )
        """;

    public async Task<Page<SchemeRow>> ListAsync(SchemeFilter filter, CancellationToken ct)
    {
        var parameters = new
        {
            filter.Level, filter.Instrument, filter.Theme, filter.Provider, filter.Province, filter.Municipality, filter.Status,
            FtsQuery = filter.Search is null ? null : db.IsPostgres ? FtsQuery.BuildTsQuery(filter.Search) : FtsQuery.Build(filter.Search),
            // ISO text, as the windows are stored (a DateOnly would reach PostgreSQL as a date).
            Today = filter.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Limit = filter.PageSize, Offset = (filter.Page - 1) * filter.PageSize,
            filter.Purpose,
            StatusOpen = SchemeStatus.Open, StatusUpcoming = SchemeStatus.Upcoming, StatusExpected = SchemeStatus.Expected,
            StatusClosed = SchemeStatus.Closed, StatusEnded = SchemeStatus.Ended, SchemeStatus.ContinuousMode, SchemeStatus.ExhaustedBudget,
            LevelEu = SchemeLevels.Eu, LevelNational = SchemeLevels.National, LevelProvincial = SchemeLevels.Provincial,
        };
        var filtered = FilteredIds.Replace("{0}", db.Pick(SqliteFullText, PostgresFullText), StringComparison.Ordinal);
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            filtered + "SELECT COUNT(*) FROM matched", parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<SchemeRow>(new CommandDefinition(
            filtered +
            """
            SELECT s.id AS Id, s.document AS Document, p.name AS ProviderName, s.version AS Version, s.updated_at AS UpdatedAt, s.ended AS Ended, s.windows_required AS WindowsRequired
            FROM matched m
            JOIN schemes s ON s.id = m.id
            JOIN providers p ON p.id = s.provider_id
            ORDER BY m.rank, CASE s.level WHEN @LevelEu THEN 1 WHEN @LevelNational THEN 2 WHEN @LevelProvincial THEN 3 ELSE 4 END, s.id
            LIMIT @Limit OFFSET @Offset
            """,
            parameters, cancellationToken: ct));
        return new Page<SchemeRow>(rows.ToList(), total);
    }

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

    // Every scheme that is listed and matched, with its provider's name, in storage order.
    public static async Task<IReadOnlyList<(SchemeDocument Document, string ProviderName)>> PublishedAsync(IDbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(string Document, string ProviderName)>(new CommandDefinition(
            """
            SELECT s.document, p.name FROM schemes s JOIN providers p ON p.id = s.provider_id
            WHERE s.archived = 0
            """, cancellationToken: ct)))
        .Select(r => (CatalogueJson.Deserialize(r.Document), r.ProviderName))
        .ToList();

    // The given schemes that are published now, by id: what a snapshot update reads after a write.
    public static async Task<Dictionary<string, (SchemeDocument Document, string ProviderName)>> PublishedAsync(
        IDbConnection connection, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await connection.QueryAsync<(string Document, string ProviderName)>(new CommandDefinition(
            """
            SELECT s.document, p.name FROM schemes s JOIN providers p ON p.id = s.provider_id
            WHERE s.archived = 0 AND s.id IN @ids
            """, new { ids }, cancellationToken: ct)))
        .Select(r => (Document: CatalogueJson.Deserialize(r.Document), r.ProviderName))
        .ToDictionary(r => r.Document.Id, r => (r.Document, r.ProviderName), StringComparer.Ordinal);

    // Archived ones included: the health check only proves the table can be read.
    public static Task<long> CountAllAsync(IDbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM schemes", cancellationToken: ct));
}
