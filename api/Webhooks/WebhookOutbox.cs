using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace Matchmaker.Api.Webhooks;

// The outbox: events are written inside the transaction of the change that causes them, so a crash after the change
// loses none and a change that rolls back sends none. The delivery worker sends them after the commit.
public static class WebhookOutbox
{
    private sealed record Subscriber(string Id, string Events, string? ProfileIds);

    // Writes the event for every active subscription of organisation (an adviser organisation's slug, or a provider id:
    // a publisher key's organisation is its provider) that subscribed to eventType. When data has a top-level
    // profileId, subscriptions limited to other profiles are skipped. Nothing is written when no one subscribed.
    public static async Task EnqueueAsync(
        IDbConnection connection, IDbTransaction transaction, string eventType, string organisation, object data, DateTimeOffset at,
        CancellationToken ct) =>
        await EnqueueAsync(connection, transaction, eventType, organisation, data, at, subscriptionId: null, ct);

    // subscriptionId: only to that subscription, whatever it subscribed to and even when disabled (the test message).
    // Returns the event id, or null when no subscription takes it.
    internal static async Task<string?> EnqueueAsync(
        IDbConnection connection, IDbTransaction transaction, string eventType, string organisation, object data, DateTimeOffset at,
        string? subscriptionId, CancellationToken ct)
    {
        var subscribers = await connection.QueryAsync<Subscriber>(new CommandDefinition(
            """
            SELECT id AS Id, events AS Events, profile_ids AS ProfileIds FROM webhook_subscriptions
            WHERE organisation = @organisation AND (@subscriptionId IS NULL AND active = 1 OR id = @subscriptionId)
            """, new { organisation, subscriptionId }, transaction, cancellationToken: ct));
        var dataNode = JsonSerializer.SerializeToNode(data, data.GetType(), WebhookJson.Options);
        var profileId = dataNode?["profileId"] is JsonValue v && v.TryGetValue<string>(out var p) ? p : null;
        var targets = subscribers.Where(s => subscriptionId is not null || Wants(s, eventType, profileId)).Select(s => s.Id).ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var id = "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var payload = new JsonObject
        {
            ["type"] = eventType,
            ["timestamp"] = WebhookJson.Timestamp(at),
            ["data"] = dataNode,
        }.ToJsonString();
        var now = at.UtcDateTime.ToString("O");
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO webhook_events (id, type, organisation, payload, created_at) VALUES (@id, @eventType, @organisation, @payload, @now)",
            new { id, eventType, organisation, payload, now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (id, event_id, subscription_id, state, attempts, next_attempt_at, claimed_until, last_status_code,
                                            last_error, created_at, delivered_at)
            VALUES (@Id, @EventId, @SubscriptionId, @State, 0, @Now, NULL, NULL, NULL, @Now, NULL)
            """,
            targets.Select(s => new { Id = NewDeliveryId(), EventId = id, SubscriptionId = s, Now = now, State = DeliveryStates.Pending }), transaction, cancellationToken: ct));
        return id;
    }

    public static string NewDeliveryId() => "dlv_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static bool Wants(Subscriber s, string eventType, string? profileId)
    {
        var events = JsonSerializer.Deserialize<List<string>>(s.Events) ?? [];
        if (!events.Contains(eventType, StringComparer.Ordinal))
        {
            return false;
        }

        return profileId is null || s.ProfileIds is null
               || (JsonSerializer.Deserialize<List<string>>(s.ProfileIds) ?? []).Contains(profileId, StringComparer.Ordinal);
    }
}
