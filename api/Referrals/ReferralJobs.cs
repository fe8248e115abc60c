using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Referrals;

public sealed record ReferralJobResult(int Reminders, int FollowUps, int ContactsRemoved);

// Every 15 minutes, on one node (the job claim): a reminder to the provider for each referral without an answer 3 working
// days after it came in (once), a follow-up to the sending organisation 6 weeks after closing (once), and the removal
// of contact data, messages, notes and firm details Referrals__RetentionDays after closing. Each referral's change and
// its event commit together, and the row's own marker makes sure no event is raised twice, even by two nodes.
public sealed class ReferralJobs(Database db, JobClaims claims, IOptionsMonitor<ReferralOptions> options, TimeProvider time, ILogger<ReferralJobs> logger)
    : ClaimedJob("Referral reminders", Wake, logger)
{
    public const string Job = "referral-reminders";
    public const int ReminderWorkingDays = 3;
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FollowUpAfter = TimeSpan.FromDays(42);
    private static readonly TimeSpan Wake = TimeSpan.FromMinutes(5);

    // A node that starts does not hold up its start-up with this work (nothing here is urgent to the minute).
    protected override bool WaitFirst => true;

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    // Null when another node has this period's run.
    public async Task<ReferralJobResult?> RunOnceAsync(CancellationToken ct)
    {
        if (!await claims.TryClaimAsync(Job, Every, ct))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var result = new ReferralJobResult(await RemindAsync(now, ct), await FollowUpAsync(now, ct), await RemoveContactDataAsync(now, ct));
        if (result != new ReferralJobResult(0, 0, 0))
        {
            Logger.LogInformation("Referral jobs: {Reminders} reminders, {FollowUps} follow-ups, contact data removed from {Removed} referrals",
                result.Reminders, result.FollowUps, result.ContactsRemoved);
        }

        return result;
    }

    private async Task<int> RemindAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Three working days are at least three calendar days; which of these are due is for WorkingDays to say.
        var candidates = await connection.QueryAsync<(string Id, string CreatedAt)>(new CommandDefinition(
            """
            SELECT id, created_at FROM referrals
            WHERE status = @Received AND first_answered_at IS NULL AND reminder_sent_at IS NULL AND created_at <= @Latest
            ORDER BY created_at
            """,
            new { Latest = ReferralStore.Stamp(now.AddDays(-ReminderWorkingDays)), ReferralStatus.Received }, cancellationToken: ct));
        var sent = 0;
        foreach (var (id, createdAt) in candidates)
        {
            var due = WorkingDays.Add(ReferralStore.Time(createdAt), ReminderWorkingDays);
            if (due > now)
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(ct);
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE referrals SET reminder_sent_at = @Now
                WHERE id = @Id AND reminder_sent_at IS NULL AND status = @Received AND first_answered_at IS NULL
                """,
                new { Id = id, Now = ReferralStore.Stamp(now), ReferralStatus.Received }, transaction, cancellationToken: ct));
            if (claimed == 1)
            {
                var row = (await ReferralStore.GetAsync(connection, transaction, id, ct))!;
                await ReferralNotifications.RaiseAsync(connection, transaction, ReferralNotificationType.Reminder, ReferralSide.Provider, row.ProviderId,
                    ReferralService.Notice(row) with { DueAt = due }, now, ct);
                sent++;
            }

            await transaction.CommitAsync(ct);
        }

        return sent;
    }

    // Only a referral with a sending organisation has someone to follow up; from the widget, the provider does it itself.
    private async Task<int> FollowUpAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var due = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT id FROM referrals
            WHERE status = @Closed AND follow_up_sent_at IS NULL AND sender_organisation IS NOT NULL AND closed_at <= @Latest
            ORDER BY closed_at
            """,
            new { Latest = ReferralStore.Stamp(now - FollowUpAfter), ReferralStatus.Closed }, cancellationToken: ct));
        var sent = 0;
        foreach (var id in due)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE referrals SET follow_up_sent_at = @Now WHERE id = @Id AND follow_up_sent_at IS NULL",
                new { Id = id, Now = ReferralStore.Stamp(now), ReferralStatus.Received }, transaction, cancellationToken: ct));
            if (claimed == 1)
            {
                var row = (await ReferralStore.GetAsync(connection, transaction, id, ct))!;
                await ReferralNotifications.RaiseAsync(connection, transaction, ReferralNotificationType.FollowUp, ReferralSide.Sender,
                    row.SenderOrganisation!, ReferralService.Notice(row), now, ct);
                sent++;
            }

            await transaction.CommitAsync(ct);
        }

        return sent;
    }

    // The audit trail (ids, status, outcome, times, sides) stays; what names a person or a firm goes.
    private async Task<int> RemoveContactDataAsync(DateTimeOffset now, CancellationToken ct)
    {
        var parameters = new { Cutoff = ReferralStore.Stamp(now.AddDays(-options.CurrentValue.RetentionDays)), Now = ReferralStore.Stamp(now) };
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE referral_events SET note = NULL
            WHERE note IS NOT NULL
              AND referral_id IN (SELECT id FROM referrals WHERE closed_at <= @Cutoff AND contact_removed_at IS NULL)
            """,
            parameters, transaction, cancellationToken: ct));
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE referrals SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, message = NULL, kvk_number = NULL,
                                 company_name = NULL, company = NULL, contact_removed_at = @Now
            WHERE closed_at <= @Cutoff AND contact_removed_at IS NULL
            """,
            parameters, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return removed;
    }
}
