using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

// Subscriptions belong to an organisation (an adviser key's organisation, a publisher key's provider); another
// organisation's key gets 404 for them, as if they did not exist.
public sealed class SubscriptionService(
    Database db, WebhookTargets targets, WebhookDeliverer deliverer, TimeProvider time, IOptionsMonitor<WebhookOptions> options)
{
    private sealed class SubscriptionRow
    {
        public string Id { get; set; } = "";
        public string Url { get; set; } = "";
        public string Events { get; set; } = "[]";
        public string? ProfileIds { get; set; }
        public string? PreviousSecretUntil { get; set; }
        public long Active { get; set; }
        public string? DisabledReason { get; set; }
        public long ConsecutiveFailures { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
    }

    private sealed class DeliveryRow
    {
        public string Id { get; set; } = "";
        public string EventId { get; set; } = "";
        public string Type { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public string? NextAttemptAt { get; set; }
        public long? LastStatusCode { get; set; }
        public string? LastError { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? DeliveredAt { get; set; }
        public string Payload { get; set; } = "";
    }

    private sealed class AttemptRow
    {
        public string DeliveryId { get; set; } = "";
        public long Attempt { get; set; }
        public string At { get; set; } = "";
        public long? StatusCode { get; set; }
        public string? Error { get; set; }
        public long DurationMs { get; set; }
    }

    private const string Columns =
        """
        id AS Id, url AS Url, events AS Events, profile_ids AS ProfileIds, previous_secret_until AS PreviousSecretUntil, active AS Active,
        disabled_reason AS DisabledReason, consecutive_failures AS ConsecutiveFailures, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public static ApiError NoOrganisation() => ApiError.Forbidden(
        "Your key belongs to no organisation, so it keeps no saved data. Use an adviser key made with --organisation, or a publisher key (its provider is its organisation).");

    public async Task<Outcome<SubscriptionResponse>> CreateAsync(SubscriptionInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        var problems = new List<InvalidParam>();
        if (await targets.ProblemAsync(input.Url, ct) is { } reason)
        {
            problems.Add(new InvalidParam("url", reason));
        }

        await using var connection = await db.OpenAsync(ct);
        if (input.ProfileIds is { Count: > 0 } wanted)
        {
            var found = (await connection.QueryAsync<string>(new CommandDefinition(
                db.Pick("SELECT id FROM saved_profiles WHERE organisation = @organisation AND id IN @wanted",
                        "SELECT id FROM saved_profiles WHERE organisation = @organisation AND id = ANY(@wanted)"),
                new { organisation, wanted = wanted.ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(wanted.Select((id, i) => (id, i)).Where(x => !found.Contains(x.id))
                .Select(x => new InvalidParam($"profileIds[{x.i}]", $"Your organisation has no saved profile '{x.id}'.")));
        }

        if (problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        var id = "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = WebhookSigner.NewSecret();
        var now = time.GetUtcNow().UtcDateTime.ToString("O");
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_subscriptions (id, organisation, url, events, profile_ids, secret, previous_secret, previous_secret_until, active,
                                               disabled_reason, consecutive_failures, created_at, updated_at)
            VALUES (@id, @organisation, @Url, @Events, @ProfileIds, @secret, NULL, NULL, 1, NULL, 0, @now, @now)
            """,
            new
            {
                id, organisation, input.Url, Events = JsonSerializer.Serialize(input.Events),
                ProfileIds = input.ProfileIds is null ? null : JsonSerializer.Serialize(input.ProfileIds), secret, now,
            }, cancellationToken: ct));
        var row = await ReadAsync(connection, organisation, id, ct);
        return ToResponse(row!) with { Secret = secret };
    }

    public async Task<Outcome<ItemList<SubscriptionResponse>>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            "SELECT " + Columns + " FROM webhook_subscriptions WHERE organisation = @organisation ORDER BY created_at, id",
            new { organisation }, cancellationToken: ct));
        return new ItemList<SubscriptionResponse>(rows.Select(ToResponse).ToList());
    }

    public async Task<Outcome<SubscriptionResponse>> GetAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        return await ReadAsync(connection, organisation, id, ct) is { } row ? ToResponse(row) : ApiError.NotFound("subscription", id);
    }

    public async Task<Outcome<Done>> DeleteAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_subscriptions WHERE id = @id AND organisation = @organisation", new { id, organisation }, cancellationToken: ct));
        return deleted == 1 ? new Done() : ApiError.NotFound("subscription", id);
    }

    // A new secret at once; the previous one signs too for Webhooks__SecretOverlap, so receivers can switch over.
    public async Task<Outcome<SubscriptionResponse>> RotateSecretAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        var secret = WebhookSigner.NewSecret();
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenAsync(ct);
        var rotated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = @Until, secret = @secret, updated_at = @Now
            WHERE id = @id AND organisation = @organisation
            """,
            new { id, organisation, secret, Until = (now + options.CurrentValue.SecretOverlap).ToString("O"), Now = now.ToString("O") },
            cancellationToken: ct));
        if (rotated == 0)
        {
            return ApiError.NotFound("subscription", id);
        }

        return ToResponse((await ReadAsync(connection, organisation, id, ct))!) with { Secret = secret };
    }

    // After an outage: on again, with the run of failures reset. Events written while it was off were not kept for it.
    public async Task<Outcome<SubscriptionResponse>> EnableAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_subscriptions SET active = 1, disabled_reason = NULL, consecutive_failures = 0, updated_at = @Now
            WHERE id = @id AND organisation = @organisation
            """, new { id, organisation, Now = time.GetUtcNow().UtcDateTime.ToString("O") }, cancellationToken: ct));
        return changed == 1 ? ToResponse((await ReadAsync(connection, organisation, id, ct))!) : ApiError.NotFound("subscription", id);
    }

    // A webhook.test message, sent now and once, signed like every event; the answer is the delivery with its attempt.
    public async Task<Outcome<DeliveryResponse>> TestAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        string deliveryId;
        string claim;
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var eventId = await WebhookOutbox.EnqueueAsync(connection, transaction, WebhookEvents.Test, organisation,
                new TestEventData(id, "A test message from Matchmaker: your receiver is reachable and can verify the signature."),
                time.GetUtcNow(), subscriptionId: id, ct);
            if (eventId is null)
            {
                return ApiError.NotFound("subscription", id);
            }

            // Claimed by this request from the start, so the delivery worker leaves it alone.
            claim = WebhookDeliverer.NewToken();
            deliveryId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT id FROM webhook_deliveries WHERE event_id = @eventId", new { eventId }, transaction, cancellationToken: ct)) ?? "";
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE webhook_deliveries SET claimed_until = @Until, claimed_by = @claim WHERE id = @deliveryId",
                new { Until = (time.GetUtcNow().UtcDateTime + deliverer.Lease).ToString("O"), claim, deliveryId }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }

        if (await deliverer.ClaimedAsync(deliveryId, claim, ct) is { } row)
        {
            await deliverer.FinishAsync([await deliverer.SendAsync(row, test: true, ct)], test: true, ct);
        }

        await using (var connection = await db.OpenAsync(ct))
        {
            var (items, _) = await DeliveriesAsync(connection, id, deliveryId, null, 1, 1, ct);
            return items[0];
        }
    }

    public async Task<Outcome<Page<DeliveryResponse>>> DeliveriesAsync(
        string id, ClaimsPrincipal user, string? state, int page, int pageSize, CancellationToken ct)
    {
        if (user.DataOrganisation() is not { } organisation)
        {
            return NoOrganisation();
        }

        await using var connection = await db.OpenAsync(ct);
        if (await ReadAsync(connection, organisation, id, ct) is null)
        {
            return ApiError.NotFound("subscription", id);
        }

        var (items, total) = await DeliveriesAsync(connection, id, null, state, page, pageSize, ct);
        return new Page<DeliveryResponse>(items, total);
    }

    private static async Task<(IReadOnlyList<DeliveryResponse> Items, int Total)> DeliveriesAsync(
        System.Data.Common.DbConnection connection, string subscription, string? delivery, string? state, int page, int pageSize, CancellationToken ct)
    {
        const string Filtered =
            """
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.subscription_id = @subscription AND (@delivery IS NULL OR d.id = @delivery) AND (@state IS NULL OR d.state = @state)
            """;
        var parameters = new { subscription, delivery, state, Limit = pageSize, Offset = (page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) " + Filtered, parameters, cancellationToken: ct));
        var rows = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            """
            SELECT d.id AS Id, d.event_id AS EventId, e.type AS Type, d.state AS State, d.attempts AS Attempts, d.next_attempt_at AS NextAttemptAt,
                   d.last_status_code AS LastStatusCode, d.last_error AS LastError, d.created_at AS CreatedAt, d.delivered_at AS DeliveredAt,
                   e.payload AS Payload
            """ + " " + Filtered + " ORDER BY d.created_at DESC, d.id LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: ct))).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var attempts = ids.Length == 0
            ? []
            : (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
                """
                SELECT delivery_id AS DeliveryId, attempt AS Attempt, at AS At, status_code AS StatusCode, error AS Error, duration_ms AS DurationMs
                FROM webhook_attempts WHERE delivery_id
                """ + (Database.IsPostgresConnection(connection) ? " = ANY(@ids)" : " IN @ids") + " ORDER BY delivery_id, attempt",
                new { ids }, cancellationToken: ct))).ToList();
        var byDelivery = attempts.ToLookup(a => a.DeliveryId, StringComparer.Ordinal);
        return (rows.Select(r => new DeliveryResponse(
            r.Id, r.EventId, r.Type, r.State, (int)r.Attempts, Time(r.NextAttemptAt), (int?)r.LastStatusCode, r.LastError, Time(r.CreatedAt)!.Value,
            Time(r.DeliveredAt), Message(r.Payload),
            byDelivery[r.Id].Select(a => new AttemptResponse((int)a.Attempt, Time(a.At)!.Value, (int?)a.StatusCode, a.Error, a.DurationMs)).ToList()))
            .ToList(), (int)total);
    }

    private static async Task<SubscriptionRow?> ReadAsync(System.Data.Common.DbConnection connection, string organisation, string id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            "SELECT " + Columns + " FROM webhook_subscriptions WHERE id = @id AND organisation = @organisation",
            new { id, organisation }, cancellationToken: ct));

    private SubscriptionResponse ToResponse(SubscriptionRow row)
    {
        var until = Time(row.PreviousSecretUntil);
        return new SubscriptionResponse(
            row.Id, row.Url, JsonSerializer.Deserialize<List<string>>(row.Events) ?? [],
            row.ProfileIds is null ? null : JsonSerializer.Deserialize<List<string>>(row.ProfileIds), row.Active == 1, row.DisabledReason,
            (int)row.ConsecutiveFailures, Time(row.CreatedAt)!.Value, Time(row.UpdatedAt)!.Value,
            until > time.GetUtcNow() ? until : null);
    }

    private static WebhookMessage Message(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return new WebhookMessage(
            root.GetProperty("type").GetString()!, DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
            root.GetProperty("data").Clone());
    }

    private static DateTimeOffset? Time(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
