using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Companies;

// Expired KVK and PDOK answers are never read again, but they name firms, so they are deleted rather than kept.
// Every node wakes on its own timer; the job claim lets one of them do each hourly run.
public sealed class UpstreamCacheExpiry(Database db, JobClaims claims, TimeProvider time, ILogger<UpstreamCacheExpiry> logger)
    : ClaimedJob("Upstream cache expiry", Wake, logger)
{
    public const string Job = "upstream-cache-expiry";
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private static readonly TimeSpan Wake = TimeSpan.FromMinutes(10);

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    // Null when another node has this period's run.
    public async Task<int?> RunOnceAsync(CancellationToken ct)
    {
        if (!await claims.TryClaimAsync(Job, Every, ct))
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM upstream_cache WHERE expires_at <= @now", new { now = time.GetUtcNow().UtcDateTime.ToString("O") }, cancellationToken: ct));
        Logger.LogInformation("Upstream cache expiry removed {Count} expired answers", deleted);
        return deleted;
    }
}
