using System.Data;
using Dapper;
using Matchmaker.Api.Caseload;

namespace Matchmaker.Api.Catalogue;

// Who made a change and what it was; changes through the API also go to the audit log.
public sealed record Change(string By, string What, string? KeyId = null, string? AuditRole = null, string? Detail = null)
{
    public static readonly Change Seeded = new("seed", "seeded");
    public static readonly Change SeedRefreshed = new("seed", "seed-updated");
}

// Where a new version comes from. data/ marks its rows with a hash of what it wrote and never overwrites a scheme someone
// changed through the API; a publisher's import overwrites whatever is stored.
public sealed record VersionSource(string Origin, Change Inserted, Change Refreshed, bool KeepsOtherOrigins)
{
    public static readonly VersionSource Seed = new("seed", Change.Seeded, Change.SeedRefreshed, KeepsOtherOrigins: true);

    public static VersionSource Import(Change change) => new("api", change, change, KeepsOtherOrigins: false);

    public bool IsSeed => Origin == Seed.Origin;
}

public enum Applied
{
    Inserted,
    Refreshed,
    Unchanged,
    Kept,
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
        await CatalogueVersion.RaiseAsync(connection, transaction, ct);
        // Saved profiles are matched again for this change later, but it is recorded now, in this transaction.
        await CatalogueChanges.RecordWriteAsync(connection, transaction, scheme, version, change, updatedAt, ct);

        var key = new { scheme.Id };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_themes WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_areas WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_purposes WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_windows WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));

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
    }

    // The one step for seed and import: a new id becomes version 1, a changed scheme the next version, an unchanged one
    // is left alone. Without write it only decides (a dry run). The caller has checked archived ids and permissions.
    public static async Task<Applied> ApplyAsync(
        IDbConnection connection, IDbTransaction transaction, SchemeDocument scheme, StoredVersion? current, bool windowsRequired,
        VersionSource source, DateTimeOffset at, bool write, CancellationToken ct)
    {
        var json = CatalogueJson.Serialize(scheme);
        var seedHash = source.IsSeed ? CatalogueJson.Hash(json) : null;
        if (current is null)
        {
            if (write)
            {
                await UpsertAsync(connection, transaction, scheme, windowsRequired, 1, source.Origin, seedHash, at, source.Inserted, ct);
            }

            return Applied.Inserted;
        }

        if (source.KeepsOtherOrigins && current.Origin != source.Origin)
        {
            return Applied.Kept;
        }

        // data/ compares with the hash of what it last wrote; an import with the stored document.
        if (source.IsSeed ? current.SeedHash == seedHash : current.Document == json)
        {
            return Applied.Unchanged;
        }

        if (write)
        {
            await UpsertAsync(connection, transaction, scheme, windowsRequired, current.Version + 1, source.Origin, seedHash, at, source.Refreshed, ct);
        }

        return Applied.Refreshed;
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
        await CatalogueVersion.RaiseAsync(connection, transaction, ct);
        await CatalogueChanges.RecordWriteAsync(connection, transaction, CatalogueJson.Deserialize(json), expectedVersion + 1, change, at, ct);
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

}
