using System.Data;
using System.Data.Common;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Publishing;

// Every write: validate with the catalogue's rules, check the key may touch the provider, write the new version,
// its revision and an audit record in one transaction, then rebuild the matching snapshot before answering.
// What a write stored, with the ETag a read would give.
public sealed record StoredScheme(SchemeResponse Scheme, string ETag);

public sealed class SchemeWriter(
    Database db, SchemeValidator validator, CatalogueSnapshotProvider snapshots, CodeLists codes, TimeProvider time)
{
    private static readonly string[] ReadOnlyFields = ["updatedAt", "version", "status", "closingSoon", "nextDeadline"];

    public async Task<Outcome<StoredScheme>> CreateAsync(JsonNode body, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (scheme, problems) = validator.Validate(Writable(body), await ContextAsync(connection, ct));
        if (scheme is null)
        {
            return ApiError.InvalidParams(problems);
        }

        if (!user.MayPublishFor(scheme.Provider))
        {
            return ApiError.Forbidden($"Your key may not publish for provider '{scheme.Provider}'.");
        }

        await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);
        if (await SchemeRepository.IsArchivedAsync(connection, transaction, scheme.Id, ct) is { } archived)
        {
            return ApiError.SchemeExists(scheme.Id, archived);
        }

        var now = time.GetUtcNow();
        await SchemeStore.UpsertAsync(connection, transaction, scheme, codes.WindowsRequired(scheme.Instrument), 1, "api", null, now, Audit(user, "created"), ct);
        await transaction.CommitAsync(ct);
        await snapshots.RefreshAsync(ct);
        // The same ETag a read gives, so a publisher can chain writes without reading again.
        return await StoredAsync(connection, scheme.Id, ct);
    }

    public async Task<Outcome<StoredScheme>> UpdateAsync(string id, string? ifMatch, JsonNode body, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Preconditions.IsMissing(ifMatch))
        {
            return ApiError.IfMatchRequired("version", "/v1/schemes/{id}");
        }

        var writable = Writable(body);
        writable["id"] ??= id;
        await using var connection = await db.OpenAsync(ct);
        var (scheme, problems) = validator.Validate(writable, await ContextAsync(connection, ct));
        if (scheme is not null && scheme.Id != id)
        {
            problems.Add(new InvalidParam("id", $"Must equal the id in the path ('{id}'); ids never change."));
        }

        if (scheme is null || problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);
        var current = await ReadAsync(connection, id, transaction, ct);
        if (current is null)
        {
            return ApiError.NotFound("scheme", id);
        }

        var currentProvider = CatalogueJson.Deserialize(current.Document).Provider;
        if (!user.MayPublishFor(currentProvider) || !user.MayPublishFor(scheme.Provider))
        {
            return ApiError.Forbidden($"Your key may not change schemes of provider '{(user.MayPublishFor(currentProvider) ? scheme.Provider : currentProvider)}'.");
        }

        if (Preconditions.IsStale(ifMatch, current.ETag()))
        {
            return ApiError.StaleETag(id);
        }

        await SchemeStore.UpsertAsync(connection, transaction, scheme, codes.WindowsRequired(scheme.Instrument), current.Version + 1, "api", null, time.GetUtcNow(), Audit(user, "updated"), ct);
        await transaction.CommitAsync(ct);
        await snapshots.RefreshAsync(ct);
        return await StoredAsync(connection, id, ct);
    }

    public async Task<Outcome<Done>> ArchiveAsync(string id, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);
        var current = await ReadAsync(connection, id, transaction, ct);
        if (current is null)
        {
            return ApiError.NotFound("scheme", id);
        }

        var provider = CatalogueJson.Deserialize(current.Document).Provider;
        if (!user.MayPublishFor(provider))
        {
            return ApiError.Forbidden($"Your key may not archive schemes of provider '{provider}'.");
        }

        if (Preconditions.IsStale(ifMatch, current.ETag()))
        {
            return ApiError.StaleETag(id);
        }

        await SchemeStore.ArchiveAsync(connection, transaction, id, current.Version, time.GetUtcNow(), Audit(user, "archived"), ct);
        await transaction.CommitAsync(ct);
        await snapshots.RefreshAsync(ct);
        return new Done();
    }

    // History names the keys that wrote it, so only the scheme's own provider (and admins) may read it, as for writes.
    public async Task<Outcome<ItemList<RevisionResponse>>> RevisionsAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var provider = await SchemeRepository.ProviderOfAsync(connection, id, ct);
        if (provider is null)
        {
            return ApiError.NotFound("scheme", id);
        }

        if (!user.MayPublishFor(provider))
        {
            return ApiError.Forbidden($"Your key may not read the revisions of schemes of provider '{provider}'.");
        }

        var rows = await SchemeRepository.RevisionsAsync(connection, id, ct);
        return new ItemList<RevisionResponse>(rows
            .Select(r => new RevisionResponse(r.Version, DateTimeOffset.Parse(r.ChangedAt, System.Globalization.CultureInfo.InvariantCulture),
                r.ChangedBy, r.Change, r.Archived == 1, CatalogueJson.Deserialize(r.Document)))
            .ToList());
    }

    // Each record becomes a JSON tree only while it is validated, so 10,000 schemes are never held as a whole tree beside
    // the records made from them.
    public async Task<Outcome<ImportReport>> ImportAsync(IReadOnlyList<ReadOnlyMemory<byte>> items, bool dryRun, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var context = await ContextAsync(connection, ct);
        var archived = await ArchivedIdsAsync(connection, user, ct);
        var valid = new List<SchemeDocument>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var invalid = new List<InvalidRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = items.Count;
        // Copies of one record, or records in the same words, share their texts while the import holds them.
        using var sharing = SharedStrings.Use(SharedStrings.NewPool());
        for (var i = 0; i < count; i++)
        {
            var item = JsonNode.Parse(items[i].Span) as JsonObject;
            var id = item?["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var (scheme, problems) = item is not null ? validator.Validate(Writable(item), context) : (null, [new InvalidParam("body", "Must be a scheme object.")]);
            if (scheme is not null && !seen.Add(scheme.Id))
            {
                problems.Add(new InvalidParam("id", $"'{scheme.Id}' occurs more than once in this import."));
            }

            if (scheme is not null && archived.Contains(scheme.Id))
            {
                problems.Add(ArchivedId(scheme.Id));
            }

            if (problems.Count > 0)
            {
                invalid.Add(new InvalidRecord(i, id, problems));
            }
            else
            {
                valid.Add(scheme!);
                indexOf[scheme!.Id] = i;
            }
        }

        if (invalid.Count > 0)
        {
            return ApiError.InvalidImport(invalid, count);
        }

        await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);
        var existing = await SchemeRepository.StoredVersionsAsync(connection, transaction, ct);
        var refused = valid
            .Where(s => !user.MayPublishFor(s.Provider)
                        || (existing.TryGetValue(s.Id, out var row) && !user.MayPublishFor(CatalogueJson.Deserialize(row.Document).Provider)))
            .Select(s => s.Id)
            .ToList();
        if (refused.Count > 0)
        {
            return ApiError.Forbidden($"Your key may not publish these schemes (other providers'): {string.Join(", ", refused.Take(20))}{(refused.Count > 20 ? " …" : "")}. Nothing was written.");
        }

        // Archived while this import was being validated: refused the same way, still before anything is written.
        var lateArchived = valid
            .Where(v => existing.TryGetValue(v.Id, out var row) && row.Archived == 1)
            .Select(v => new InvalidRecord(indexOf[v.Id], v.Id, [ArchivedId(v.Id)]))
            .ToList();
        if (lateArchived.Count > 0)
        {
            return ApiError.InvalidImport(lateArchived, count);
        }

        var created = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        var source = VersionSource.Import(Audit(user, "imported"));
        var now = time.GetUtcNow();
        foreach (var scheme in valid)
        {
            var applied = await SchemeStore.ApplyAsync(connection, transaction, scheme, existing.GetValueOrDefault(scheme.Id),
                codes.WindowsRequired(scheme.Instrument), source, now, write: !dryRun, ct);
            (applied switch
            {
                Applied.Inserted => created,
                Applied.Refreshed => updated,
                _ => unchanged,
            }).Add(scheme.Id);
        }

        if (dryRun)
        {
            await transaction.RollbackAsync(ct);
        }
        else
        {
            await transaction.CommitAsync(ct);
            // The records and the stored rows are written: let them go before the snapshot is built again beside the
            // old one (an async method keeps its locals until it ends).
            var written = valid.Count;
            valid = [];
            existing.Clear();
            // The import's garbage goes before the new snapshot is built beside the old one, so the two peaks do not add up.
            HeapCompaction.AfterLargeWork(written);
            await snapshots.RefreshAsync(ct);
        }

        return new ImportReport(dryRun, created, updated, unchanged);
    }

    // Archived ids are never reused (POST /v1/schemes answers 409), so an import may not bring one back either.
    // Another provider's archived scheme is left to the 403 for other providers' schemes, which says less.
    private static async Task<HashSet<string>> ArchivedIdsAsync(DbConnection connection, ClaimsPrincipal user, CancellationToken ct) =>
        (await SchemeRepository.ArchivedAsync(connection, ct))
        .Where(r => user.MayPublishFor(r.ProviderId))
        .Select(r => r.Id)
        .ToHashSet(StringComparer.Ordinal);

    private static InvalidParam ArchivedId(string id) =>
        new("id", $"A scheme '{id}' existed and was archived; ids are never reused. Choose another id.");

    // Round trips are allowed: what a read returns (provider as an object, computed fields) can be sent back.
    private static JsonObject Writable(JsonNode body)
    {
        var copy = body.DeepClone().AsObject();
        foreach (var field in ReadOnlyFields)
        {
            copy.Remove(field);
        }

        // A read writes absent optional fields as null or []; in a write they mean "not given".
        foreach (var (field, value) in copy.ToList())
        {
            if (value is null || (field == "purposes" && value is JsonArray { Count: 0 }))
            {
                copy.Remove(field);
            }
        }

        if (copy["provider"] is JsonObject provider && provider["id"] is JsonValue providerId)
        {
            copy["provider"] = providerId.DeepClone();
        }

        return copy;
    }

    private static async Task<SchemeValidator.Context> ContextAsync(DbConnection connection, CancellationToken ct)
    {
        var providers = await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM providers", cancellationToken: ct));
        var areas = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM provinces UNION ALL SELECT code FROM municipalities", cancellationToken: ct));
        return new SchemeValidator.Context(providers.ToHashSet(StringComparer.Ordinal), areas.Append(AreaKey.National).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<StoredScheme> StoredAsync(DbConnection connection, string id, CancellationToken ct)
    {
        var row = (await ReadAsync(connection, id, null, ct))!;
        return new StoredScheme(row.ToResponse(Today()), row.ETag());
    }

    private static Task<SchemeRow?> ReadAsync(DbConnection connection, string id, IDbTransaction? transaction, CancellationToken ct) =>
        SchemeRepository.GetAsync(connection, transaction, id, ct);

    private static Change Audit(ClaimsPrincipal user, string what) =>
        new(user.FindFirstValue(ClaimTypes.Name) ?? "unknown", what, user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(ClaimTypes.Role));

    private DateOnly Today() => time.TodayInAmsterdam();
}
