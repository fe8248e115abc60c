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

// Sends claimed deliveries and writes what came of them: the attempt, the delivery's state and next retry (exponential
// back-off with jitter), and the subscription's run of failures, which disables it at Webhooks__DisableAfterFailures.
// Rows are claimed a batch at a time (claimed_by names this claim), sent a few at once, and their outcomes written in
// one transaction, so the bookkeeping costs a few statements per batch rather than per event.
public sealed class WebhookDeliverer(
    Database db, WebhookSender sender, TimeProvider time, IOptionsMonitor<WebhookOptions> options, ILogger<WebhookDeliverer> logger)
{
    public sealed class Claimed
    {
        public string Id { get; set; } = "";
        public long Attempts { get; set; }
        public string EventId { get; set; } = "";
        public string Payload { get; set; } = "";
        public string SubscriptionId { get; set; } = "";
        public string Url { get; set; } = "";
        public string Secret { get; set; } = "";
        public string? PreviousSecret { get; set; }
        public string? PreviousSecretUntil { get; set; }
        public long Active { get; set; }
        public string ClaimedBy { get; set; } = "";
    }

    public sealed record Sent(Claimed Row, AttemptResult Result, bool Attempted);

    private const string ClaimedColumns =
        """
        SELECT d.id AS Id, d.attempts AS Attempts, e.id AS EventId, e.payload AS Payload, s.id AS SubscriptionId, s.url AS Url,
               s.secret AS Secret, s.previous_secret AS PreviousSecret, s.previous_secret_until AS PreviousSecretUntil, s.active AS Active,
               d.claimed_by AS ClaimedBy
        FROM webhook_deliveries d
        JOIN webhook_events e ON e.id = d.event_id
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        """;

    // A claim outlives the longest attempt (the time limit covers connecting, the answer and reading it), so a node
    // never sends what another node is still sending; a node that died leaves it to be sent again soon after.
    public TimeSpan Lease => (options.CurrentValue.Timeout * 2) + TimeSpan.FromSeconds(1);

    // Up to max due deliveries, claimed by this node in one statement; another node's claim is never taken over
    // before it runs out.
    public async Task<IReadOnlyList<Claimed>> ClaimDueAsync(int max, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = NewToken();
        await using var connection = await db.OpenAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET claimed_until = @Until, claimed_by = @token
            WHERE id IN (SELECT id FROM webhook_deliveries
                         WHERE state = @Pending AND next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until < @Now)
                         ORDER BY next_attempt_at, id
                         LIMIT @max)
              AND state = @Pending AND (claimed_until IS NULL OR claimed_until < @Now)
            """, new { Until = (now + Lease).ToString("O"), token, Now = now.ToString("O"), max, DeliveryStates.Pending }, cancellationToken: ct));
        if (claimed == 0)
        {
            return [];
        }

        return (await connection.QueryAsync<Claimed>(new CommandDefinition(
            ClaimedColumns + " WHERE d.claimed_by = @token", new { token }, cancellationToken: ct))).ToList();
    }

    // One delivery, claimed by the caller from the start (the test message).
    public async Task<Claimed?> ClaimedAsync(string id, string token, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Claimed>(new CommandDefinition(
            ClaimedColumns + " WHERE d.id = @id AND d.claimed_by = @token", new { id, token }, cancellationToken: ct));
    }

    public static string NewToken() => Guid.NewGuid().ToString("N");

    // Sends one delivery (a disabled subscription's only when it is the test message, which is never retried).
    public async Task<Sent> SendAsync(Claimed row, bool test, CancellationToken ct)
    {
        if (row.Active == 0 && !test)
        {
            return new Sent(row, new AttemptResult(false, null, "The subscription is disabled.", TimeSpan.Zero), Attempted: false);
        }

        var now = time.GetUtcNow();
        var secrets = new List<string> { row.Secret };
        if (row.PreviousSecret is not null && row.PreviousSecretUntil is not null
            && DateTimeOffset.Parse(row.PreviousSecretUntil, CultureInfo.InvariantCulture) > now)
        {
            secrets.Add(row.PreviousSecret);
        }

        return new Sent(row, await sender.SendAsync(row.Url, row.EventId, row.Payload, secrets, ct), Attempted: true);
    }

    // Equal jitter: half the exponential delay for sure, the other half at random, so retries of many deliveries that
    // failed together spread out.
    public static TimeSpan Backoff(int failedAttempts, TimeSpan first, TimeSpan max, double random)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * random));
    }

    // test: the message of POST /subscriptions/{id}/test, tried once and not counted against the subscription.
    public async Task FinishAsync(IReadOnlyList<Sent> outcomes, bool test, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (row, result, attempted) in outcomes)
        {
            var attempt = (int)row.Attempts + (attempted ? 1 : 0);
            var final = result.Delivered || test || !attempted || attempt >= settings.MaxAttempts;
            var state = result.Delivered ? DeliveryStates.Delivered : final ? DeliveryStates.Failed : DeliveryStates.Pending;
            var next = final ? null : (now + Backoff(attempt, settings.RetryBaseDelay, settings.MaxRetryDelay, Random.Shared.NextDouble())).ToString("O");
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET state = @state, attempts = @attempt, next_attempt_at = @next, claimed_until = NULL, claimed_by = NULL,
                    last_status_code = @StatusCode, last_error = @Error, delivered_at = @DeliveredAt
                WHERE id = @Id AND claimed_by = @ClaimedBy
                """,
                new
                {
                    state, attempt, next, result.StatusCode, result.Error, DeliveredAt = result.Delivered ? now.ToString("O") : null, row.Id,
                    row.ClaimedBy,
                }, transaction, cancellationToken: ct));
            if (updated == 0)
            {
                // The claim ran out and another node took the row over; its outcome counts.
                continue;
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

            if (!result.Delivered && attempted)
            {
                logger.LogInformation("Webhook delivery {Delivery} attempt {Attempt} failed ({StatusCode}); {State}", row.Id, attempt, result.StatusCode, state);
            }
        }

        await transaction.CommitAsync(ct);
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
                UPDATE webhook_deliveries SET state = @Failed, next_attempt_at = NULL, last_error = 'The subscription was disabled.'
                WHERE subscription_id = @subscription AND state = @Pending AND claimed_by IS NULL
                """, new { subscription, DeliveryStates.Failed, DeliveryStates.Pending }, transaction, cancellationToken: ct));
        }
    }
}
