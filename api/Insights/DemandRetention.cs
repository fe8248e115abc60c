using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// Demand events older than Insights__RetentionDays, and words no event used since, are deleted once a day; every node
// wakes on its own timer and the job claim lets one of them do each run.
public sealed class DemandRetention(
    DemandStore store, JobClaims claims, TimeProvider time, IOptions<InsightsOptions> options, ILogger<DemandRetention> logger)
    : ClaimedJob("Insights retention", Wake, logger)
{
    public const string Job = "insights-retention";
    public static readonly TimeSpan Every = TimeSpan.FromDays(1);
    private static readonly TimeSpan Wake = TimeSpan.FromHours(1);

    // The first day kept: events of earlier days are deleted.
    public DateOnly Cutoff => time.TodayInAmsterdam().AddDays(-options.Value.RetentionDays);

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    // Null when another node has this period's run.
    public async Task<(int Events, int Words)?> RunOnceAsync(CancellationToken ct)
    {
        if (!await claims.TryClaimAsync(Job, Every, ct))
        {
            return null;
        }

        var deleted = await store.DeleteBeforeAsync(Cutoff, ct);
        Logger.LogInformation("Insights retention removed {Events} demand events and {Words} words before {Cutoff}", deleted.Events, deleted.Words,
            Cutoff.ToString(DemandStore.DateFormat, System.Globalization.CultureInfo.InvariantCulture));
        return deleted;
    }
}
