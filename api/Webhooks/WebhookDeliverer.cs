using System.Globalization;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

// Wakes the delivery worker as soon as events are committed on this node; other nodes find them on their next poll.
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

// Sends one claimed delivery and writes what came of it: the attempt, the delivery's state and next retry (exponential
// back-off with jitter), and the subscription's run of failures, which disables it at Webhooks__DisableAfterFailures.
public sealed class WebhookDeliverer(
    Database db, WebhookSender sender, TimeProvider time, IOptionsMonitor<WebhookOptions> options, ILogger<WebhookDeliverer> logger)
{
    private sealed record Claimed(
        string Id, long Attempts, string EventId, string Payload, string SubscriptionId, string Url, string Secret, string? PreviousSecret,
        string? PreviousSecretUntil, long Active);

    // A claim outlives the longest attempt (the time limit covers connecting, the answer and reading it), so a node
    // never sends what another node is still sending; a node that died leaves it to be sent again soon after.
    public TimeSpan Lease => (options.CurrentValue.Timeout * 2) + TimeSpan.FromSeconds(1);

    // The claim (its claimed_until) when this node won the row, else null.
    public async Task<string?> ClaimAsync(string id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = (now + Lease).ToString("O");
        await using var connection = await db.OpenAsync(ct);
        var won = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET claimed_until = @until
            WHERE id = @id AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < @now)
            """, new { id, until, now = now.ToString("O") }, cancellationToken: ct));
        return won == 1 ? until : null;
    }

    // test: the message of POST /subscriptions/{id}/test, tried once, sent even to a disabled subscription and not
    // counted against it.
    public async Task DeliverAsync(string id, string claim, bool test, CancellationToken ct)
    {
        Claimed? row;
        await using (var connection = await db.OpenAsync(ct))
        {
            row = await connection.QuerySingleOrDefaultAsync<Claimed>(new CommandDefinition(
                """
                SELECT d.id AS Id, d.attempts AS Attempts, e.id AS EventId, e.payload AS Payload, s.id AS SubscriptionId, s.url AS Url,
                       s.secret AS Secret, s.previous_secret AS PreviousSecret, s.previous_secret_until AS PreviousSecretUntil, s.active AS Active
                FROM webhook_deliveries d
                JOIN webhook_events e ON e.id = d.event_id
                JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.id = @id AND d.claimed_until = @claim
                """, new { id, claim }, cancellationToken: ct));
        }

        if (row is null)
        {
            return;
        }

        if (row.Active == 0 && !test)
        {
            await FinishAsync(row, claim, new AttemptResult(false, null, "The subscription is disabled.", TimeSpan.Zero), test, attempted: false, ct);
            return;
        }

        var now = time.GetUtcNow();
        var secrets = new List<string> { row.Secret };
        if (row.PreviousSecret is not null && row.PreviousSecretUntil is not null
            && DateTimeOffset.Parse(row.PreviousSecretUntil, CultureInfo.InvariantCulture) > now)
        {
            secrets.Add(row.PreviousSecret);
        }

        var result = await sender.SendAsync(row.Url, row.EventId, row.Payload, secrets, ct);
        await FinishAsync(row, claim, result, test, attempted: true, ct);
    }

    // Equal jitter: half the exponential delay for sure, the other half at random, so retries of many deliveries that
    // failed together spread out.
    public static TimeSpan Backoff(int failedAttempts, TimeSpan first, TimeSpan max, double random)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * random));
    }

    private async Task FinishAsync(Claimed row, string claim, AttemptResult result, bool test, bool attempted, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        var attempt = (int)row.Attempts + (attempted ? 1 : 0);
        var final = result.Delivered || test || !attempted || attempt >= settings.MaxAttempts;
        var state = result.Delivered ? DeliveryStates.Delivered : final ? DeliveryStates.Failed : DeliveryStates.Pending;
        var next = final ? null : (now + Backoff(attempt, settings.RetryBaseDelay, settings.MaxRetryDelay, Random.Shared.NextDouble())).ToString("O");

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = @state, attempts = @attempt, next_attempt_at = @next, claimed_until = NULL,
                last_status_code = @StatusCode, last_error = @Error, delivered_at = @DeliveredAt
            WHERE id = @Id AND claimed_until = @claim
            """,
            new
            {
                state, attempt, next, result.StatusCode, result.Error, DeliveredAt = result.Delivered ? now.ToString("O") : null, row.Id, claim,
            }, transaction, cancellationToken: ct));
        if (updated == 0)
        {
            // The claim ran out and another node took the row over; its outcome counts.
            await transaction.RollbackAsync(ct);
            return;
        }

        if (attempted)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (@Id, @attempt, @At, @StatusCode, @Error, @DurationMs)",
                new { row.Id, attempt, At = now.ToString("O"), result.StatusCode, result.Error, DurationMs = (long)result.Duration.TotalMilliseconds },
                transaction, cancellationToken: ct));
        }

        if (attempted && !test)
        {
            await CountAsync(connection, transaction, row.SubscriptionId, result, settings, now, ct);
        }

        await transaction.CommitAsync(ct);
        if (!result.Delivered && attempted)
        {
            logger.LogInformation("Webhook delivery {Delivery} attempt {Attempt} failed ({StatusCode}); {State}", row.Id, attempt, result.StatusCode, state);
        }
    }

    private static async Task CountAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string subscription, AttemptResult result,
        WebhookOptions settings, DateTime now, CancellationToken ct)
    {
        var at = now.ToString("O");
        if (result.Delivered)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = @subscription AND consecutive_failures <> 0",
                new { subscription }, transaction, cancellationToken: ct));
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = @subscription",
            new { subscription }, transaction, cancellationToken: ct));
        var reason = $"Disabled after {settings.DisableAfterFailures} failed deliveries in a row; the last: {result.Error}";
        var disabled = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_subscriptions SET active = 0, disabled_reason = @reason, updated_at = @at
            WHERE id = @subscription AND active = 1 AND consecutive_failures >= @Limit
            """, new { subscription, reason, at, Limit = (long)settings.DisableAfterFailures }, transaction, cancellationToken: ct));
        if (disabled == 1)
        {
            // What is still waiting would only fail too; it is closed with the reason.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'The subscription was disabled.'
                WHERE subscription_id = @subscription AND state = 'pending' AND claimed_until IS NULL
                """, new { subscription }, transaction, cancellationToken: ct));
        }
    }
}
