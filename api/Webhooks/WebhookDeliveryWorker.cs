using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

// Sends what the outbox holds, at least once: every node polls for due deliveries (and is woken at once by events
// written on it), claims each row with a lease so no two nodes send it at the same time, and sends a few at once.
// A node that dies mid-send leaves its claim to run out; another node (or itself after a restart) sends it again,
// with the same webhook-id. Once an hour one node deletes events older than Webhooks__RetentionDays.
public sealed class WebhookDeliveryWorker(
    Database db, WebhookDeliverer deliverer, DeliverySignal signal, JobClaims claims, IOptionsMonitor<WebhookOptions> options,
    TimeProvider time, ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string RetentionJob = "webhook-retention";
    private const int Batch = 50;
    private DateTimeOffset _nextRetentionCheck = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) < Batch)
                {
                    await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Webhook deliveries could not reach the database ({Error}); trying again", ex.GetType().Name);
                await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (Exception ex)
            {
                // Any other fault is logged and tried again: an exception that leaves ExecuteAsync stops the whole host.
                logger.LogError("Webhook deliveries failed ({Error}); trying again", ex.GetType().Name);
                await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
            }
        }
    }

    // The number of deliveries this node claimed and sent.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await RetentionAsync(ct);
        var claimed = await deliverer.ClaimDueAsync(Batch, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var sent = new System.Collections.Concurrent.ConcurrentBag<WebhookDeliverer.Sent>();
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.CurrentValue.Concurrency), CancellationToken = ct },
            async (row, token) => sent.Add(await deliverer.SendAsync(row, test: false, token)));
        await deliverer.FinishAsync(sent.ToList(), test: false, ct);
        return claimed.Count;
    }

    private async Task RetentionAsync(CancellationToken ct)
    {
        // The claim is a write; ask for it every few minutes, not at every poll.
        var now = time.GetUtcNow();
        if (now < _nextRetentionCheck)
        {
            return;
        }

        _nextRetentionCheck = now + TimeSpan.FromMinutes(10);
        if (!await claims.TryClaimAsync(RetentionJob, TimeSpan.FromHours(1), ct))
        {
            return;
        }

        var cutoff = (time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.CurrentValue.RetentionDays)).ToString("O");
        await using var connection = await db.OpenAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM webhook_events
            WHERE created_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id AND d.state = @Pending)
            """, new { cutoff, DeliveryStates.Pending }, cancellationToken: ct));
        if (deleted > 0)
        {
            logger.LogInformation("Webhook retention removed {Count} events older than {Days} days", deleted, options.CurrentValue.RetentionDays);
        }
    }
}
