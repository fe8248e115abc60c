using System.Globalization;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Caseload;

// Once a day (Europe/Amsterdam), the changes that come from the date alone: a window opens or closes, or an open window
// now closes within 14 days. The schemes whose status or closing-soon state differ between the last day checked and
// today are recorded as changes (under the catalogue's write lock, so the change log stays in commit order), and the
// change detector does the rest. Every node wakes on its own timer; the job claim and the guarded update of the day
// make one of them do each day's check.
public sealed class DateChanges(
    Database db, CatalogueSnapshotProvider snapshots, JobClaims claims, CaseloadSignal signal, TimeProvider time, ILogger<DateChanges> logger)
    : ClaimedJob("The daily caseload date check", Wake, logger)
{
    public const string Job = "caseload-dates";
    private static readonly TimeSpan Wake = TimeSpan.FromMinutes(10);

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    // The number of schemes recorded; null when another node has this period's run or today was checked already.
    public async Task<int?> RunOnceAsync(CancellationToken ct)
    {
        var today = time.TodayInAmsterdam();
        string? checkedOn;
        await using (var connection = await db.OpenAsync(ct))
        {
            checkedOn = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT dates_checked_on FROM caseload_state WHERE id = 1", cancellationToken: ct));
        }

        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (checkedOn == day || !await claims.TryClaimAsync(Job, TimeSpan.FromMinutes(5), ct))
        {
            return null;
        }

        // The first check only marks the day: the profiles' baselines were made with today's statuses.
        var changed = checkedOn is null
            ? []
            : Changed(snapshots.Current, DateOnly.ParseExact(checkedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), today);
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);
            var marked = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE caseload_state SET dates_checked_on = @day
                WHERE id = 1 AND (dates_checked_on IS NULL AND @checkedOn IS NULL OR dates_checked_on = @checkedOn)
                """, new { day, checkedOn }, transaction, cancellationToken: ct));
            if (marked != 1)
            {
                return null;
            }

            await CatalogueChanges.RecordAsync(connection, transaction, changed, CatalogueChanges.Date, time.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }

        Logger.LogInformation("Caseload date check for {Day}: {Count} schemes changed by the date alone", day, changed.Count);
        if (changed.Count > 0)
        {
            signal.Notify();
        }

        return changed.Count;
    }

    // The schemes whose status or closing-soon state is not the same on both days.
    public static IReadOnlyList<string> Changed(CatalogueSnapshot snapshot, DateOnly from, DateOnly to) =>
        snapshot.Schemes
            .Where(s =>
            {
                var before = SchemeStatus.Compute(s.Ended, s.WindowsRequired, s.Document.BudgetStatus, s.Windows, from);
                var now = SchemeStatus.Compute(s.Ended, s.WindowsRequired, s.Document.BudgetStatus, s.Windows, to);
                return before.Status != now.Status
                       || MatchTracking.ClosingSoon(before.Status, before.NextDeadline, from) != MatchTracking.ClosingSoon(now.Status, now.NextDeadline, to);
            })
            .Select(s => s.Document.Id)
            .ToList();
}
