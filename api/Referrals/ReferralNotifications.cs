using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;

namespace Matchmaker.Api.Referrals;

public sealed record NotificationRow(string Id, string ReferralId, string Type, string Audience, string Organisation, string Payload, string CreatedAt);

// Every event about a referral goes through RaiseAsync, inside the transaction of the change that raises it, so a change
// and its events commit together or not at all. They are kept per referral (GET /v1/referrals/{id} shows them); where
// the installation delivers webhooks, this is the one place that hands them to the webhook outbox as well.
// organisation: the sending organisation's slug (audience sender) or the provider's id (audience provider).
public static class ReferralNotifications
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task RaiseAsync(
        IDbConnection connection, IDbTransaction transaction, string type, string audience, string organisation, ReferralNotice data,
        DateTimeOffset at, CancellationToken ct)
    {
        // The caller has updated the referral's row in this transaction, which holds that row (PostgreSQL) or the file
        // (SQLite) until commit: positions per referral cannot be taken twice.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referral_notifications (id, referral_id, position, type, audience, organisation, payload, created_at)
            SELECT @Id, @ReferralId, COALESCE(MAX(position), 0) + 1, @Type, @Audience, @Organisation, @Payload, @CreatedAt
            FROM referral_notifications WHERE referral_id = @ReferralId
            """,
            new
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), data.ReferralId, Type = type, Audience = audience,
                Organisation = organisation, Payload = JsonSerializer.Serialize(data, Json),
                CreatedAt = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            },
            transaction, cancellationToken: ct));
        // The same event to the audience's webhook subscriptions, in the same transaction (the outbox): the payload holds
        // ids, status, outcome and times, never contact data or the message.
        await Webhooks.WebhookOutbox.EnqueueAsync(connection, transaction, type, organisation, data, at, ct);
    }

    public static async Task<IReadOnlyList<ReferralNotificationResponse>> ListAsync(IDbConnection connection, string referralId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            """
            SELECT id AS Id, referral_id AS ReferralId, type AS Type, audience AS Audience, organisation AS Organisation,
                   payload AS Payload, created_at AS CreatedAt
            FROM referral_notifications WHERE referral_id = @referralId ORDER BY position
            """,
            new { referralId }, cancellationToken: ct));
        return rows.Select(r => new ReferralNotificationResponse(
            r.Id, r.Type, r.Audience, r.Organisation, ReferralStore.Time(r.CreatedAt),
            JsonSerializer.Deserialize<ReferralNotice>(r.Payload, Json)!)).ToList();
    }
}
