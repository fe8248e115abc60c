using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// Demand events older than Insights__RetentionDays, and words no event used since, are deleted once a day; every node
// wakes on its own timer and the job claim lets one of them do each run.
public sealed class DemandRetention(
    DemandStore store, JobClaims claims, TimeProvider time, IOptions<InsightsOptions> options, ILogger<DemandRetention> logger) : BackgroundService
{
    public const string Job = "insights-retention";
    public static readonly TimeSpan Every = TimeSpan.FromDays(1);
    private static readonly TimeSpan Wake = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(Wake, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (System.Data.Common.DbException ex)
            {
                logger.LogWarning("Insights retention could not reach the database ({Error}); trying again later", ex.GetType().Name);
                await Task.Delay(Wake, stoppingToken);
            }
        }
    }

    // The first day kept: events of earlier days are deleted.
    public DateOnly Cutoff => time.TodayInAmsterdam().AddDays(-options.Value.RetentionDays);

    // Null when another node has this period's run.
    public async Task<(int Events, int Words)?> RunOnceAsync(CancellationToken ct)
    {
        if (!await claims.TryClaimAsync(Job, Every, ct))
        {
            return null;
        }

        var deleted = await store.DeleteBeforeAsync(Cutoff, ct);
        logger.LogInformation("Insights retention removed {Events} demand events and {Words} words before {Cutoff}", deleted.Events, deleted.Words,
            Cutoff.ToString(DemandStore.DateFormat, System.Globalization.CultureInfo.InvariantCulture));
        return deleted;
    }
}
