using System.Data;
using System.Globalization;
using Dapper;

namespace Matchmaker.Api.Caseload;

public sealed record ProfileRow
{
    public string Id { get; set; } = "";
    public string Organisation { get; set; } = "";
    public string Name { get; set; } = "";
    public string Request { get; set; } = "{}";
    public long Version { get; set; }
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string CalendarToken { get; set; } = "";
    public long ChangesSeen { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? ProvinceCode { get; set; }
    public string ReadAt { get; set; } = "";
}

// The SQL of saved_profiles and profile_matches. Every read that an API key makes names the organisation, so another
// organisation's profile is simply not found.
public static class ProfileStore
{
    public const string Feed = "feed";
    public const string Read = "read";

    private const string Columns =
        """
        id AS Id, organisation AS Organisation, name AS Name, request AS Request, version AS Version, created_at AS CreatedAt,
        updated_at AS UpdatedAt, calendar_token AS CalendarToken, changes_seen AS ChangesSeen, municipality_code AS MunicipalityCode,
        province_code AS ProvinceCode, read_at AS ReadAt
        """;

    private sealed class BaselineRow
    {
        public string ProfileId { get; set; } = "";
        public string SchemeId { get; set; } = "";
        public string Status { get; set; } = "";
        public long ClosingSoon { get; set; }
        public string? NextDeadline { get; set; }
    }

    public static Task InsertAsync(IDbConnection connection, IDbTransaction transaction, ProfileRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO saved_profiles (id, organisation, name, request, version, created_at, updated_at, calendar_token, changes_seen,
                                        municipality_code, province_code, read_at)
            VALUES (@Id, @Organisation, @Name, @Request, @Version, @CreatedAt, @UpdatedAt, @CalendarToken, @ChangesSeen,
                    @MunicipalityCode, @ProvinceCode, @ReadAt)
            """, row, transaction, cancellationToken: ct));

    // A change through the API: only when the version is the one the caller read.
    public static async Task<bool> UpdateAsync(IDbConnection connection, IDbTransaction transaction, ProfileRow row, long expectedVersion, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE saved_profiles SET name = @Name, request = @Request, version = @Version, updated_at = @UpdatedAt, changes_seen = @ChangesSeen,
                municipality_code = @MunicipalityCode, province_code = @ProvinceCode
            WHERE id = @Id AND organisation = @Organisation AND version = @expectedVersion
            """,
            new
            {
                row.Name, row.Request, row.Version, row.UpdatedAt, row.ChangesSeen, row.MunicipalityCode, row.ProvinceCode, row.Id,
                row.Organisation, expectedVersion,
            }, transaction, cancellationToken: ct)) == 1;

    public static Task<ProfileRow?> GetAsync(IDbConnection connection, IDbTransaction? transaction, string organisation, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ProfileRow?>(new CommandDefinition(
            "SELECT " + Columns + " FROM saved_profiles WHERE id = @id AND organisation = @organisation",
            new { id, organisation }, transaction, cancellationToken: ct));

    // For the calendar, which a calendar application fetches with the profile's token instead of a key.
    public static Task<ProfileRow?> GetAnyAsync(IDbConnection connection, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ProfileRow?>(new CommandDefinition(
            "SELECT " + Columns + " FROM saved_profiles WHERE id = @id", new { id }, cancellationToken: ct));

    public static async Task<(IReadOnlyList<ProfileRow> Items, int Total)> ListAsync(
        IDbConnection connection, string organisation, int page, int pageSize, CancellationToken ct)
    {
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM saved_profiles WHERE organisation = @organisation", new { organisation }, cancellationToken: ct));
        var rows = await connection.QueryAsync<ProfileRow>(new CommandDefinition(
            "SELECT " + Columns + " FROM saved_profiles WHERE organisation = @organisation ORDER BY created_at, id LIMIT @Limit OFFSET @Offset",
            new { organisation, Limit = pageSize, Offset = (page - 1) * pageSize }, cancellationToken: ct));
        return (rows.ToList(), (int)total);
    }

    public static async Task<bool> DeleteAsync(IDbConnection connection, string organisation, string id, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM saved_profiles WHERE id = @id AND organisation = @organisation", new { id, organisation }, cancellationToken: ct)) == 1;

    public static async Task<IReadOnlyDictionary<string, List<TrackedMatch>>> BaselinesAsync(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<string> profileIds, string baseline, CancellationToken ct)
    {
        var result = profileIds.ToDictionary(id => id, _ => new List<TrackedMatch>(), StringComparer.Ordinal);
        foreach (var chunk in profileIds.Chunk(500))
        {
            var rows = await connection.QueryAsync<BaselineRow>(new CommandDefinition(
                """
                SELECT profile_id AS ProfileId, scheme_id AS SchemeId, status AS Status, closing_soon AS ClosingSoon, next_deadline AS NextDeadline
                FROM profile_matches WHERE baseline = @baseline AND profile_id
                """ + (Storage.Database.IsPostgresConnection(connection) ? " = ANY(@chunk)" : " IN @chunk"),
                new { baseline, chunk }, transaction, cancellationToken: ct));
            foreach (var r in rows)
            {
                result[r.ProfileId].Add(new TrackedMatch(r.SchemeId, r.Status, r.ClosingSoon == 1,
                    r.NextDeadline is null ? null : DateOnly.ParseExact(r.NextDeadline, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    // Only the entries of these schemes are rewritten (a change touches a few of a profile's matches); many at once
    // replace the whole baseline.
    public static async Task UpdateBaselineAsync(
        IDbConnection connection, IDbTransaction transaction, string profileId, string baseline, IReadOnlyList<TrackedMatch> matches,
        IReadOnlySet<string> schemes, CancellationToken ct)
    {
        if (schemes.Count > 100)
        {
            await ReplaceBaselineAsync(connection, transaction, profileId, baseline, matches, ct);
            return;
        }

        var ids = schemes.ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM profile_matches WHERE profile_id = @profileId AND baseline = @baseline AND scheme_id" +
            (Storage.Database.IsPostgresConnection(connection) ? " = ANY(@ids)" : " IN @ids"),
            new { profileId, baseline, ids }, transaction, cancellationToken: ct));
        await InsertAsync(connection, transaction, profileId, baseline, matches.Where(m => schemes.Contains(m.SchemeId)), ct);
    }

    public static async Task ReplaceBaselineAsync(
        IDbConnection connection, IDbTransaction transaction, string profileId, string baseline, IReadOnlyList<TrackedMatch> matches, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM profile_matches WHERE profile_id = @profileId AND baseline = @baseline", new { profileId, baseline }, transaction, cancellationToken: ct));
        await InsertAsync(connection, transaction, profileId, baseline, matches, ct);
    }

    private static Task<int> InsertAsync(
        IDbConnection connection, IDbTransaction transaction, string profileId, string baseline, IEnumerable<TrackedMatch> matches, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO profile_matches (profile_id, baseline, scheme_id, status, closing_soon, next_deadline)
            VALUES (@ProfileId, @Baseline, @SchemeId, @Status, @ClosingSoon, @NextDeadline)
            """,
            matches.Select(m => new
            {
                ProfileId = profileId, Baseline = baseline, m.SchemeId, m.Status, ClosingSoon = m.ClosingSoon ? 1 : 0,
                NextDeadline = m.NextDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }), transaction, cancellationToken: ct));
}
