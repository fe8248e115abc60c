using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Caseload;

// What a write stored, with the ETag a read would give.
public sealed record StoredProfile(ProfileResponse Profile, string ETag);

// Saved firm profiles: visible to the keys of one organisation only (others get 404). Saving a profile matches it once
// and keeps that as the starting point for both the change feed (webhooks) and the changes on the next read.
public sealed class ProfileService(Database db, ProfileMatcher matcher, CatalogueSnapshotProvider snapshots, TimeProvider time)
{
    public static ApiError NoOrganisation() => ApiError.Forbidden(
        "Your key belongs to no organisation, so it keeps no saved profiles. Use an adviser key made with --organisation <slug>.");

    public async Task<Outcome<StoredProfile>> CreateAsync(ProfileInput input, ClaimsPrincipal user, StringValues acceptLanguage, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        var seen = await matcher.SyncAsync(ct);
        if (!(await matcher.RankAsync(input.Request.ToJsonString(), acceptLanguage, null, ct)).TryGetValue(out var ranked, out var error))
        {
            return error;
        }

        var now = time.GetUtcNow().UtcDateTime.ToString("O");
        var row = new ProfileRow
        {
            Id = "prf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Organisation = organisation,
            Name = input.Name,
            Request = input.Request.ToJsonString(),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            CalendarToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            ChangesSeen = seen,
            MunicipalityCode = ranked.Result.Profile.MunicipalityCode,
            ProvinceCode = ranked.Result.Profile.ProvinceCode,
            ReadAt = now,
        };
        var tracked = MatchTracking.Track(ranked.Result);
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ProfileStore.InsertAsync(connection, transaction, row, ct);
        await ProfileStore.ReplaceBaselineAsync(connection, transaction, row.Id, ProfileStore.Feed, tracked, ct);
        await ProfileStore.ReplaceBaselineAsync(connection, transaction, row.Id, ProfileStore.Read, tracked, ct);
        await transaction.CommitAsync(ct);
        return new StoredProfile(ToResponse(row), ETag(row));
    }

    // A changed profile starts the change feed afresh from its new matches: the adviser made that change, it is no news.
    // The read baseline stays, so the next read shows what the change did.
    public async Task<Outcome<StoredProfile>> UpdateAsync(
        string id, string? ifMatch, ProfileInput input, ClaimsPrincipal user, StringValues acceptLanguage, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        if (Preconditions.IsMissing(ifMatch))
        {
            return ApiError.IfMatchRequired("profile", "/v1/profiles/{id}");
        }

        ProfileRow? current;
        await using (var connection = await db.OpenAsync(ct))
        {
            current = await ProfileStore.GetAsync(connection, null, organisation, id, ct);
        }

        if (current is null)
        {
            return ApiError.NotFound("profile", id);
        }

        if (Preconditions.IsStale(ifMatch, ETag(current)))
        {
            return ApiError.Stale("profile", id);
        }

        var seen = await matcher.SyncAsync(ct);
        if (!(await matcher.RankAsync(input.Request.ToJsonString(), acceptLanguage, null, ct)).TryGetValue(out var ranked, out var error))
        {
            return error;
        }

        var row = new ProfileRow
        {
            Id = current.Id,
            Organisation = organisation,
            Name = input.Name,
            Request = input.Request.ToJsonString(),
            Version = current.Version + 1,
            CreatedAt = current.CreatedAt,
            UpdatedAt = time.GetUtcNow().UtcDateTime.ToString("O"),
            CalendarToken = current.CalendarToken,
            ChangesSeen = seen,
            MunicipalityCode = ranked.Result.Profile.MunicipalityCode,
            ProvinceCode = ranked.Result.Profile.ProvinceCode,
            ReadAt = current.ReadAt,
        };
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (!await ProfileStore.UpdateAsync(connection, transaction, row, current.Version, ct))
            {
                // Changed or deleted by someone else while this one was matched.
                return await ProfileStore.GetAsync(connection, transaction, organisation, id, ct) is null
                    ? ApiError.NotFound("profile", id)
                    : ApiError.Stale("profile", id);
            }

            await ProfileStore.ReplaceBaselineAsync(connection, transaction, id, ProfileStore.Feed, MatchTracking.Track(ranked.Result), ct);
            await transaction.CommitAsync(ct);
        }

        return new StoredProfile(ToResponse(row), ETag(row));
    }

    public async Task<Outcome<StoredProfile>> GetAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        return await ProfileStore.GetAsync(connection, null, organisation, id, ct) is { } row
            ? new StoredProfile(ToResponse(row), ETag(row))
            : ApiError.NotFound("profile", id);
    }

    public async Task<Outcome<Page<ProfileResponse>>> ListAsync(ClaimsPrincipal user, int page, int pageSize, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        var (items, total) = await ProfileStore.ListAsync(connection, organisation, page, pageSize, ct);
        return new Page<ProfileResponse>(items.Select(ToResponse).ToList(), total);
    }

    public async Task<Outcome<Done>> DeleteAsync(string id, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        if (await ProfileStore.GetAsync(connection, null, organisation, id, ct) is not { } row)
        {
            return ApiError.NotFound("profile", id);
        }

        if (Preconditions.IsStale(ifMatch, ETag(row)))
        {
            return ApiError.Stale("profile", id);
        }

        return await ProfileStore.DeleteAsync(connection, organisation, id, ct) ? new Done() : ApiError.NotFound("profile", id);
    }

    // The matches now, and what changed since the previous read, which this read then becomes.
    public async Task<Outcome<ProfileMatchesResponse>> MatchesAsync(
        string id, ClaimsPrincipal user, string? language, bool includeIneligible, StringValues acceptLanguage, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        ProfileRow? row;
        await using (var connection = await db.OpenAsync(ct))
        {
            row = await ProfileStore.GetAsync(connection, null, organisation, id, ct);
        }

        if (row is null)
        {
            return ApiError.NotFound("profile", id);
        }

        await matcher.SyncAsync(ct);
        if (!(await matcher.RankAsync(row.Request, acceptLanguage, language, ct, includeIneligible)).TryGetValue(out var ranked, out var error))
        {
            return error;
        }

        var result = ranked.Result;
        var now = MatchTracking.Track(result);
        MatchDiff diff;
        string since;
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var before = (await ProfileStore.BaselinesAsync(connection, transaction, [id], ProfileStore.Read, ct))[id];
            since = row.ReadAt;
            diff = MatchTracking.Diff(before, now);
            await ProfileStore.ReplaceBaselineAsync(connection, transaction, id, ProfileStore.Read, now, ct);
            await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
                "UPDATE saved_profiles SET read_at = @At WHERE id = @id",
                new { id, At = time.GetUtcNow().UtcDateTime.ToString("O") }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }

        var snapshot = snapshots.Current;
        ChangedMatch Changed(TrackedMatch m, string? previous, bool current) =>
            new(m.SchemeId, ProfileMatcher.Scheme(snapshot, m.SchemeId)?.Document.Title, current ? m.Status : null, previous, current ? m.NextDeadline : null);
        var changes = new MatchChanges(
            Time(since),
            diff.New.Select(m => Changed(m, null, true)).ToList(),
            diff.Gone.Select(m => Changed(m, m.Status, false)).ToList(),
            diff.StatusChanged.Select(c => Changed(c.Now, c.Before.Status, true)).ToList(),
            diff.ClosingSoon.Select(m => Changed(m, m.Status, true)).ToList());
        return new ProfileMatchesResponse(
            id, result.Profile, result.Matches, includeIneligible ? result.Excluded : null, result.NextQuestion, result.Questions, result.Recognised,
            result.Warnings, changes);
    }

    // For a calendar application: the profile's secret token in the URL instead of a key (or a key of its organisation).
    // A wrong token is a 404, as for a profile that does not exist.
    public async Task<Outcome<string>> CalendarAsync(
        string id, string? token, ClaimsPrincipal user, string? language, StringValues acceptLanguage, CancellationToken ct)
    {
        ProfileRow? row;
        await using (var connection = await db.OpenAsync(ct))
        {
            row = await ProfileStore.GetAnyAsync(connection, id, ct);
        }

        var allowed = row is not null && (token is not null
            ? CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(row.CalendarToken))
            : user.DataOrganisation() == row.Organisation && (user.IsInRole(Roles.Adviser) || user.IsInRole(Roles.Admin)));
        if (!allowed)
        {
            return ApiError.NotFound("profile", id);
        }

        await matcher.SyncAsync(ct);
        if (!(await matcher.RankAsync(row!.Request, acceptLanguage, language, ct)).TryGetValue(out var ranked, out var error))
        {
            return error;
        }

        var english = language == "en" || (language is null && acceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return DeadlineCalendar.Build(row.Id, row.Name, ranked.Result, time.GetUtcNow(), english);
    }

    public static string ETag(ProfileRow row) => Preconditions.ETag(row.Version, row.Name + "\n" + row.Request);

    public static ProfileResponse ToResponse(ProfileRow row)
    {
        var request = JsonSerializer.Deserialize<MatchRequest>(row.Request, CatalogueJson.Options)!;
        return new ProfileResponse(
            row.Id, row.Name, request.KvkNumber, request.Company, request.Need, row.Version, Time(row.CreatedAt), Time(row.UpdatedAt),
            $"/v1/profiles/{row.Id}/matches", $"/v1/profiles/{row.Id}/deadlines.ics?token={row.CalendarToken}");
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
