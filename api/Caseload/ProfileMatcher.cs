using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Caseload;

// A saved profile is matched by the real match path (MatchService: validation, KVK and PDOK, the ranker on this node's
// snapshot), with the largest limit, so what the change detector sees is what the adviser reads.
public sealed class ProfileMatcher(MatchService matcher, CatalogueSnapshotProvider snapshots, Database db)
{
    public const int Limit = 50;
    public const string Channel = "saved-profile";

    // The change detector and the saved-profile endpoints match as an adviser would: KVK lookups are allowed.
    private static readonly ClaimsPrincipal Caseload = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "caseload"), new Claim(ClaimTypes.Role, Roles.Adviser)], "caseload"));

    private static readonly ConditionalWeakTable<CatalogueSnapshot, Dictionary<string, SchemeEntry>> ById = new();

    public Task<Outcome<RankedMatch>> RankAsync(
        string request, StringValues acceptLanguage, string? language, CancellationToken ct, bool includeIneligible = false)
    {
        var body = JsonNode.Parse(request)!.AsObject();
        // As parsed JSON, the way a request body arrives (the validator reads numbers from the document).
        body["limit"] = JsonNode.Parse(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (includeIneligible)
        {
            body["includeIneligible"] = JsonNode.Parse("true");
        }

        if (language is not null)
        {
            body["language"] = language;
        }

        return matcher.RankDetailedAsync(body, static name => name, acceptLanguage, Caseload, Channel, ct);
    }

    // The point in the change log a new baseline stands on: the last change this node's snapshot already holds. The
    // snapshot is rebuilt first when the database is ahead of it (a write on another node), so a baseline never
    // predates a change it is marked as having seen.
    public async Task<long> SyncAsync(CancellationToken ct)
    {
        long version, lastChange;
        await using (var connection = await db.OpenAsync(ct))
        {
            (version, lastChange) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
                "SELECT (SELECT version FROM catalogue_state WHERE id = 1), (SELECT COALESCE(MAX(id), 0) FROM catalogue_changes)",
                cancellationToken: ct));
        }

        if (snapshots.Version < version)
        {
            await snapshots.RefreshAsync(ct);
        }

        return lastChange;
    }

    public static SchemeEntry? Scheme(CatalogueSnapshot snapshot, string id) =>
        ById.GetValue(snapshot, s => s.Schemes.ToDictionary(e => e.Document.Id, StringComparer.Ordinal)).GetValueOrDefault(id);

    // Whether a change to this scheme can alter the matches of a firm in this place: a scheme a firm there may use
    // (national, its province or its municipality), or any scheme when the firm's place is unknown.
    public static bool CanReach(SchemeEntry scheme, string? municipality, string? province) =>
        scheme.IsNational || municipality is null || scheme.Areas.Contains(municipality) || (province is not null && scheme.Areas.Contains(province));
}
