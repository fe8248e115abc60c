using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Caseload;

// Wakes the change detector on this node: after every catalogue rebuild, and after the daily date check.
public sealed class CaseloadSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public CaseloadSignal(CatalogueSnapshotProvider snapshots) => snapshots.Refreshed += Notify;

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

// Applies catalogue changes to the saved profiles. Every profile remembers the last change it took into account
// (changes_seen); the detector takes the profiles that are behind, and matches again only those a change can affect
// (a changed scheme was among their matches, or is one a firm in their place may use); the others only move their
// marker. Per batch, in ONE transaction: the events (outbox), the profiles' new baselines and their markers, so a crash
// redoes the batch instead of losing it. One node at a time does this (a lease in caseload_state).
public sealed class ChangeDetector(
    Database db, ProfileMatcher matcher, CatalogueSnapshotProvider snapshots, CaseloadSignal signal, DeliverySignal deliveries,
    IOptionsMonitor<CaseloadOptions> options, TimeProvider time, ILogger<ChangeDetector> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan UpstreamRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan KeepChanges = TimeSpan.FromDays(1);

    private readonly string _node = Guid.NewGuid().ToString("N")[..16];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    private sealed class Change
    {
        public long Id { get; set; }
        public string SchemeId { get; set; } = "";
        public string Reason { get; set; } = "";
    }

    // Matches: the new baseline; Changed: the schemes whose entries differ from the stored one (only those are written).
    private sealed record Rematched(ProfileRow Profile, IReadOnlyList<TrackedMatch> Matches, IReadOnlySet<string> Changed, IReadOnlyList<Outgoing> Events);

    private sealed record Outgoing(string Type, object Data);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("The caseload change detector could not reach the database ({Error}); trying again", ex.GetType().Name);
                await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (Exception ex)
            {
                // Any other fault is logged and tried again: an exception that leaves ExecuteAsync stops the whole host.
                logger.LogError("The caseload change detector failed ({Error}); trying again", ex.GetType().Name);
                await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
            }
        }
    }

    // The number of profiles matched again; null when another node holds the lease.
    public async Task<int?> RunOnceAsync(CancellationToken ct)
    {
        if (!await BehindAsync(ct))
        {
            await CleanupAsync(ct);
            return 0;
        }

        if (!await TakeLeaseAsync(ct))
        {
            return null;
        }

        try
        {
            var total = 0;
            (long ChangesSeen, string Id) cursor = (-1, "");
            while (await BatchAsync(cursor, ct) is { } done)
            {
                total += done.Rematched;
                cursor = done.Cursor;
                await TakeLeaseAsync(ct);
            }

            return total;
        }
        finally
        {
            await ReleaseLeaseAsync(CancellationToken.None);
        }
    }

    // Cheap, and no write: is any profile behind the last change?
    private async Task<bool> BehindAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM (
                SELECT 1 FROM saved_profiles WHERE changes_seen < (SELECT COALESCE(MAX(id), 0) FROM catalogue_changes) LIMIT 1) behind
            """, cancellationToken: ct)) > 0;
    }

    // One batch of profiles that are behind, after the cursor; null when there are none.
    private async Task<(int Rematched, (long, string) Cursor)?> BatchAsync((long ChangesSeen, string Id) cursor, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        long last, maxVersion;
        List<ProfileRow> pending;
        List<Change> changes;
        IReadOnlyDictionary<string, List<TrackedMatch>> feed;
        Dictionary<string, long> versions;
        await using (var connection = await db.OpenAsync(ct))
        {
            (last, maxVersion) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
                "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(catalogue_version), 0) FROM catalogue_changes", cancellationToken: ct));
            pending = (await connection.QueryAsync<ProfileRow>(new CommandDefinition(
                """
                SELECT id AS Id, organisation AS Organisation, name AS Name, request AS Request, version AS Version, created_at AS CreatedAt,
                       updated_at AS UpdatedAt, calendar_token AS CalendarToken, changes_seen AS ChangesSeen, municipality_code AS MunicipalityCode,
                       province_code AS ProvinceCode, read_at AS ReadAt
                FROM saved_profiles
                WHERE changes_seen < @last AND (changes_seen > @Seen OR (changes_seen = @Seen AND id > @Id))
                ORDER BY changes_seen, id
                LIMIT @Limit
                """, new { last, Seen = cursor.ChangesSeen, cursor.Id, Limit = Math.Max(1, settings.BatchSize) }, cancellationToken: ct))).ToList();
            if (pending.Count == 0)
            {
                return null;
            }

            changes = (await connection.QueryAsync<Change>(new CommandDefinition(
                "SELECT id AS Id, scheme_id AS SchemeId, reason AS Reason FROM catalogue_changes WHERE id > @From AND id <= @last ORDER BY id",
                new { From = pending[0].ChangesSeen, last }, cancellationToken: ct))).ToList();
            feed = await ProfileStore.BaselinesAsync(connection, null, pending.Select(p => p.Id).ToList(), ProfileStore.Feed, ct);
            var writtenIds = changes.Where(c => c.Reason == CatalogueChanges.Write).Select(c => c.SchemeId).Distinct().ToArray();
            versions = (await connection.QueryAsync<(string, long)>(new CommandDefinition(
                db.Pick("SELECT id, version FROM schemes WHERE id IN @writtenIds", "SELECT id, version FROM schemes WHERE id = ANY(@writtenIds)"),
                new { writtenIds }, cancellationToken: ct)))
                .ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        }

        // Every change up to last is in a snapshot of at least its version.
        if (snapshots.Version < maxVersion)
        {
            await snapshots.RefreshAsync(ct);
        }

        var snapshot = snapshots.Current;
        var unaffected = new List<ProfileRow>();
        var rematched = new List<Rematched>();
        var pacing = Stopwatch.StartNew();
        var worked = TimeSpan.Zero;
        foreach (var profile in pending)
        {
            var relevant = changes.Where(c => c.Id > profile.ChangesSeen).ToList();
            var changed = relevant.Select(c => c.SchemeId).ToHashSet(StringComparer.Ordinal);
            var before = feed[profile.Id];
            var affected = before.Any(m => changed.Contains(m.SchemeId))
                           || changed.Any(id => ProfileMatcher.Scheme(snapshot, id) is { Ended: false } scheme
                                                && ProfileMatcher.CanReach(scheme, profile.MunicipalityCode, profile.ProvinceCode));
            if (!affected)
            {
                unaffected.Add(profile);
                continue;
            }

            if (_retryAfter.TryGetValue(profile.Id, out var retry) && retry > time.GetUtcNow())
            {
                continue;
            }

            var started = pacing.Elapsed;
            var outcome = await matcher.RankAsync(profile.Request, default, null, ct);
            if (!outcome.TryGetValue(out var ranked, out _) || !ranked.UpstreamComplete)
            {
                // Without KVK or PDOK schemes would come and go for no reason: leave this profile for a later try.
                _retryAfter[profile.Id] = time.GetUtcNow() + UpstreamRetry;
                logger.LogInformation("Saved profile {Profile} left for later: its match could not be made completely", profile.Id);
                continue;
            }

            _retryAfter.TryRemove(profile.Id, out _);
            var now = MatchTracking.Track(ranked.Result);
            // The baseline takes in only what the events told: the changed schemes. The snapshot may already hold a
            // later change (its own record comes in a later pass, and must still find something to tell then).
            var baseline = MatchTracking.Absorb(before, now, changed);
            var writtenKept = relevant.Where(c => c.Reason == CatalogueChanges.Write).Select(c => c.SchemeId).ToHashSet(StringComparer.Ordinal);
            rematched.Add(new Rematched(
                profile with { MunicipalityCode = ranked.Result.Profile.MunicipalityCode, ProvinceCode = ranked.Result.Profile.ProvinceCode },
                baseline, changed, Events(profile, before, now, changed, writtenKept, versions, ranked.Result, snapshot)));
            worked += pacing.Elapsed - started;
            await PaceAsync(worked, pacing, settings.DutyCycle, ct);
        }

        var written = await WriteAsync(rematched, unaffected, last, ct);
        if (written > 0)
        {
            deliveries.Notify();
            logger.LogInformation(
                "Caseload: {Rematched} saved profiles matched again ({Matching:0} ms of matching in {Elapsed:0} ms), {Events} events written, {Unaffected} not affected",
                rematched.Count, worked.TotalMilliseconds, pacing.Elapsed.TotalMilliseconds, written, unaffected.Count);
        }

        return (rematched.Count, (pending[^1].ChangesSeen, pending[^1].Id));
    }

    // Sleeps so that the matching takes at most DutyCycle of the time since the batch started.
    private static async Task PaceAsync(TimeSpan worked, Stopwatch clock, double dutyCycle, CancellationToken ct)
    {
        if (dutyCycle is <= 0 or >= 1)
        {
            return;
        }

        var due = TimeSpan.FromTicks((long)(worked.Ticks / dutyCycle)) - clock.Elapsed;
        if (due > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(due, ct);
        }
    }

    // Events are about the schemes that changed. A scheme that enters or leaves the list only because other schemes
    // changed the ranking around it (another scheme pushed it past the limit, word weights moved) is no news.
    private static List<Outgoing> Events(
        ProfileRow profile, IReadOnlyList<TrackedMatch> before, IReadOnlyList<TrackedMatch> now, HashSet<string> changed, HashSet<string> written,
        Dictionary<string, long> versions, MatchResult result, CatalogueSnapshot snapshot)
    {
        var diff = MatchTracking.Diff(before, now).About(changed);
        var items = result.Matches.ToDictionary(m => m.Scheme.Id, StringComparer.Ordinal);
        var area = FirmArea.Of(result.Profile);
        string? Eligibility(SchemeEntry? entry)
        {
            // Only asked for a scheme that left the list: did the firm stop qualifying?
            if (entry is null)
            {
                return null;
            }

            var checks = new List<Check>();
            EligibilityEvaluator.Check(entry, result.Profile, area, checks);
            return EligibilityEvaluator.Overall(checks) == Matching.Eligibility.Ineligible ? Matching.Eligibility.Ineligible : null;
        }

        var url = $"/v1/profiles/{profile.Id}/matches";
        var today = result.Profile.AsOf;
        MatchEventData Data(string schemeId, string? previous)
        {
            var entry = ProfileMatcher.Scheme(snapshot, schemeId);
            var item = items.GetValueOrDefault(schemeId);
            var status = item?.Status ?? entry?.Status(today).Status;
            var deadline = item?.NextDeadline ?? entry?.Status(today).NextDeadline;
            return new MatchEventData(
                profile.Id, profile.Name, schemeId, entry is null ? null : Webhooks.WebhookScheme.Of(entry.Document), status, previous,
                status is not null && MatchTracking.ClosingSoon(status, deadline, today), deadline,
                item?.Eligibility ?? Eligibility(entry), entry is not null, url);
        }

        var events = new List<Outgoing>();
        events.AddRange(diff.New.Select(m => new Outgoing(WebhookEvents.MatchNew, Data(m.SchemeId, null))));
        events.AddRange(diff.Gone.Select(m => new Outgoing(WebhookEvents.MatchGone, Data(m.SchemeId, m.Status))));
        events.AddRange(diff.StatusChanged.Select(c => new Outgoing(WebhookEvents.MatchStatusChanged, Data(c.Now.SchemeId, c.Before.Status))));
        events.AddRange(diff.ClosingSoon.Select(m => new Outgoing(WebhookEvents.MatchClosingSoon, Data(m.SchemeId, null))));
        events.AddRange(diff.Kept
            .Where(m => written.Contains(m.SchemeId) && ProfileMatcher.Scheme(snapshot, m.SchemeId) is not null)
            .Select(m => new Outgoing(WebhookEvents.SchemeChanged, new SchemeChangedEventData(
                Webhooks.WebhookScheme.Of(ProfileMatcher.Scheme(snapshot, m.SchemeId)!.Document), versions.GetValueOrDefault(m.SchemeId), "updated",
                profile.Id, profile.Name))));
        return events;
    }

    // One transaction: events, baselines and markers. A profile changed through the API meanwhile (another version) is
    // left alone; its own change set its baseline.
    private async Task<int> WriteAsync(List<Rematched> rematched, List<ProfileRow> unaffected, long last, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var events = 0;
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var item in rematched)
        {
            var p = item.Profile;
            var moved = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE saved_profiles SET changes_seen = @last, municipality_code = @MunicipalityCode, province_code = @ProvinceCode
                WHERE id = @Id AND version = @Version AND changes_seen < @last
                """, new { last, p.MunicipalityCode, p.ProvinceCode, p.Id, p.Version }, transaction, cancellationToken: ct));
            if (moved != 1)
            {
                continue;
            }

            await ProfileStore.UpdateBaselineAsync(connection, transaction, p.Id, ProfileStore.Feed, item.Matches, item.Changed, ct);
            foreach (var e in item.Events)
            {
                await WebhookOutbox.EnqueueAsync(connection, transaction, e.Type, p.Organisation, e.Data, at, ct);
                events++;
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE saved_profiles SET changes_seen = @last WHERE id = @Id AND version = @Version AND changes_seen < @last",
            unaffected.Select(p => new { last, p.Id, p.Version }), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return events;
    }

    private async Task<bool> TakeLeaseAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE caseload_state SET rematch_owner = @Node, rematch_claimed_until = @Until
            WHERE id = 1 AND (rematch_claimed_until IS NULL OR rematch_claimed_until < @Now OR rematch_owner = @Node)
            """, new { Node = _node, Until = (now + Lease).ToString("O"), Now = now.ToString("O") }, cancellationToken: ct)) == 1;
    }

    private async Task ReleaseLeaseAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE caseload_state SET rematch_claimed_until = NULL WHERE id = 1 AND rematch_owner = @Node", new { Node = _node }, cancellationToken: ct));
    }

    // Changes every profile has taken into account are kept a day (for profiles saved meanwhile on a lagging node), then deleted.
    private async Task CleanupAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now + TimeSpan.FromMinutes(10);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM catalogue_changes
            WHERE changed_at < @Cutoff
              AND id <= COALESCE((SELECT MIN(changes_seen) FROM saved_profiles), (SELECT MAX(id) FROM catalogue_changes))
            """, new { Cutoff = (now - KeepChanges).UtcDateTime.ToString("O") }, cancellationToken: ct));
    }
}
