using System.Data;
using Dapper;

namespace Matchmaker.Api.Catalogue;

// Writes one scheme and its lookup rows (themes, areas, windows, full-text) inside the caller's transaction.
public static class SchemeStore
{
    public static async Task UpsertAsync(
        IDbConnection connection, IDbTransaction transaction, SchemeDocument scheme, long version, string origin,
        string? seedHash, DateTimeOffset updatedAt, CancellationToken ct)
    {
        var json = CatalogueJson.Serialize(scheme);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO schemes (id, provider_id, level, instrument, ended, archived, document, version, updated_at, origin, seed_hash)
            VALUES (@Id, @Provider, @Level, @Instrument, @Ended, 0, @Json, @Version, @UpdatedAt, @Origin, @SeedHash)
            ON CONFLICT (id) DO UPDATE SET
                provider_id = excluded.provider_id, level = excluded.level, instrument = excluded.instrument,
                ended = excluded.ended, archived = 0, document = excluded.document, version = excluded.version,
                updated_at = excluded.updated_at, origin = excluded.origin, seed_hash = excluded.seed_hash
            """,
            new
            {
                scheme.Id, scheme.Provider, scheme.Level, scheme.Instrument, Ended = scheme.Ended == true ? 1 : 0,
                Json = json, Version = version, UpdatedAt = updatedAt.UtcDateTime.ToString("O"), Origin = origin, SeedHash = seedHash,
            },
            transaction, cancellationToken: ct));

        var key = new { scheme.Id };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_themes WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_areas WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scheme_windows WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM schemes_fts WHERE scheme_id = @Id", key, transaction, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheme_themes (scheme_id, theme) VALUES (@SchemeId, @Theme)",
            scheme.Themes.Distinct().Select(t => new { SchemeId = scheme.Id, Theme = t }), transaction, cancellationToken: ct));
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

    private static string Join(string nl, string? en) => en is null ? nl : nl + " \n " + en;
}
