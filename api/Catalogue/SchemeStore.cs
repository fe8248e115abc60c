using System.Data;
using Dapper;

namespace Matchmaker.Api.Catalogue;

// Who made a change and what it was; changes through the API also go to the audit log.
public sealed record Change(string By, string What, string? KeyId = null, string? AuditRole = null, string? Detail = null)
{
    public static readonly Change Seeded = new("seed", "seeded");
    public static readonly Change SeedRefreshed = new("seed", "seed-updated");
}

// Writes one scheme, its revision and its lookup rows (themes, areas, windows, full-text) inside the caller's transaction.
public static class SchemeStore
{
    public static async Task UpsertAsync(
        IDbConnection connection, IDbTransaction transaction, SchemeDocument scheme, bool windowsRequired, long version, string origin,
        string? seedHash, DateTimeOffset updatedAt, Change change, CancellationToken ct)
    {
        var json = CatalogueJson.Serialize(scheme);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO schemes (id, provider_id, level, instrument, ended, archived, document, version, updated_at, origin, seed_hash,
                                 budget_status, windows_required)
            VALUES (@Id, @Provider, @Level, @Instrument, @Ended, 0, @Json, @Version, @UpdatedAt, @Origin, @SeedHash,
                    @BudgetStatus, @WindowsRequired)
            ON CONFLICT (id) DO UPDATE SET
                provider_id = excluded.provider_id, level = excluded.level, instrument = excluded.instrument,
                budget_status = excluded.budget_status, windows_required = excluded.windows_required,
                ended = excluded.ended, archived = 0, document = excluded.document, version = excluded.version,
                updated_at = excluded.updated_at, origin = excluded.origin, seed_hash = excluded.seed_hash
            """,
            new
            {
                scheme.Id, scheme.Provider, scheme.Level, scheme.Instrument, Ended = scheme.Ended == true ? 1 : 0,
                Json = json, Version = version, UpdatedAt = updatedAt.UtcDateTime.ToString("O"), Origin = origin, SeedHash = seedHash,
                scheme.BudgetStatus, WindowsRequired = windowsRequired ? 1 : 0,
            },
            transaction, cancellationToken: ct));
        await AddRevisionAsync(connection, transaction, scheme.Id, version, json, archived: false, updatedAt, change, ct);

        var key = new { scheme.Id };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_themes WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_areas WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_purposes WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_windows WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM schemes_fts WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheme_themes (scheme_id, theme) VALUES (@SchemeId, @Theme)",
            scheme.Themes.Distinct().Select(t => new { SchemeId = scheme.Id, Theme = t }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheme_purposes (scheme_id, purpose) VALUES (@SchemeId, @Purpose)",
            (scheme.Purposes ?? []).Distinct().Select(p => new { SchemeId = scheme.Id, Purpose = p }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheme_areas (scheme_id, area_code) VALUES (@SchemeId, @AreaCode)",
            scheme.Areas.Distinct().Select(a => new { SchemeId = scheme.Id, AreaCode = a }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheme_windows (scheme_id, position, mode, opens_on, closes_on) VALUES (@SchemeId, @Position, @Mode, @OpensOn, @ClosesOn)",
            (scheme.ApplicationWindows ?? []).Select((w, i) => new { SchemeId = scheme.Id, Position = i, w.Mode, w.OpensOn, w.ClosesOn }),
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schemes_fts (scheme_id, title, summary, keywords) VALUES (@Id, @Title, @Summary, @Keywords)",
            new
            {
                scheme.Id,
                Title = Join(scheme.Title.Nl, scheme.Title.En),
                Summary = Join(scheme.Summary.Nl, scheme.Summary.En),
                Keywords = string.Join(" ; ", (scheme.Keywords?.Nl ?? []).Concat(scheme.Keywords?.En ?? [])),
            },
            transaction, cancellationToken: ct));
    }

    // Archiving keeps the record and its history; it only stops being listed and matched.
    public static async Task<bool> ArchiveAsync(
        IDbConnection connection, IDbTransaction transaction, string id, long expectedVersion, DateTimeOffset at, Change change, CancellationToken ct)
    {
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT document FROM schemes WHERE id = @id AND version = @expectedVersion AND archived = 0",
            new { id, expectedVersion }, transaction, cancellationToken: ct));
        if (json is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schemes SET archived = 1, version = version + 1, updated_at = @At, origin = 'api' WHERE id = @id",
            new { id, At = at.UtcDateTime.ToString("O") }, transaction, cancellationToken: ct));
        await AddRevisionAsync(connection, transaction, id, expectedVersion + 1, json, archived: true, at, change, ct);
        return true;
    }

    private static async Task AddRevisionAsync(
        IDbConnection connection, IDbTransaction transaction, string id, long version, string json, bool archived, DateTimeOffset at,
        Change change, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scheme_revisions (scheme_id, version, document, archived, changed_at, changed_by, change)
            VALUES (@id, @version, @json, @Archived, @At, @By, @What)
            ON CONFLICT (scheme_id, version) DO UPDATE SET document = excluded.document, archived = excluded.archived,
                changed_at = excluded.changed_at, changed_by = excluded.changed_by, change = excluded.change
            """,
            new { id, version, json, Archived = archived ? 1 : 0, At = at.UtcDateTime.ToString("O"), change.By, change.What },
            transaction, cancellationToken: ct));
        if (change.AuditRole is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO audit_log (at, key_id, actor, role, action, scheme_id, version, detail)
                VALUES (@At, @KeyId, @By, @Role, @What, @id, @version, @Detail)
                """,
                new { At = at.UtcDateTime.ToString("O"), change.KeyId, change.By, Role = change.AuditRole, change.What, id, version, change.Detail },
                transaction, cancellationToken: ct));
        }
    }

    private static string Join(string nl, string? en) => en is null ? nl : nl + " \n " + en;
}
