using System.ComponentModel;
using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Webhooks;

// Documents the body of POST /subscriptions for OpenAPI; the body itself is read field by field (SubscriptionRequestReader).
[Description("Where to send which events. The URL must be https and resolve to public addresses only.")]
public sealed record SubscriptionRequest(
    [property: Description("The receiver: an absolute https URL (at most 2,000 characters) on a public address; redirects are not followed.")] string Url,
    [property: Description("The event types to send, at least one (GET /vocabularies/webhook-events)."), CodeList(WebhookEvents.Vocabulary)] IReadOnlyList<string> Events,
    [property: Description("Only events about these saved profiles (of your organisation); leave out for all. Events about no profile (scheme.changed for your own schemes, referrals) are always sent.")] IReadOnlyList<string>? ProfileIds = null);

[Description("A webhook subscription of your organisation.")]
public sealed record SubscriptionResponse(
    [property: Description("Identifier of the subscription.")] string Id,
    [property: Description("The receiver.")] string Url,
    [property: Description("The event types it receives."), CodeList(WebhookEvents.Vocabulary)] IReadOnlyList<string> Events,
    [property: Description("The saved profiles it is limited to; absent for all.")] IReadOnlyList<string>? ProfileIds,
    [property: Description("False once disabled after too many failed deliveries in a row; POST /subscriptions/{id}/enable turns it on again.")] bool Active,
    [property: Description("Why it was disabled.")] string? DisabledReason,
    [property: Description("Failed attempts in a row; a delivered event sets it to 0.")] int ConsecutiveFailures,
    [property: Description("When it was made (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("Until when the previous secret still signs too, after a rotation (UTC).")] DateTimeOffset? PreviousSecretValidUntil,
    [property: Description("The signing secret (whsec_ + base64). Only in the answers to POST /subscriptions and POST /subscriptions/{id}/rotate-secret: store it then.")] string? Secret = null);

[Description("One attempt to deliver an event.")]
public sealed record AttemptResponse(
    [property: Description("1 for the first attempt.")] int Attempt,
    [property: Description("When it was made (UTC).")] DateTimeOffset At,
    [property: Description("The receiver's HTTP status, if it answered.")] int? StatusCode,
    [property: Description("Why it failed, in our words; never the receiver's body.")] string? Error,
    [property: Description("How long it took, in milliseconds.")] long DurationMs);

[Description("One event for one subscription: its state, every attempt and the next retry.")]
public sealed record DeliveryResponse(
    [property: Description("Identifier of the delivery.")] string Id,
    [property: Description("The event's id: the webhook-id header, the same on every attempt.")] string WebhookId,
    [property: Description("The event type."), CodeList(WebhookEvents.Vocabulary)] string Type,
    [property: Description("pending (will be tried, or again), delivered or failed (no more attempts)."), CodeList(DeliveryStates.Vocabulary)] string State,
    [property: Description("Attempts made so far.")] int Attempts,
    [property: Description("When the next attempt is due (UTC); absent when none is.")] DateTimeOffset? NextAttemptAt,
    [property: Description("The last attempt's HTTP status, if it had one.")] int? LastStatusCode,
    [property: Description("Why the last attempt failed.")] string? LastError,
    [property: Description("When the event was written (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it was delivered (UTC).")] DateTimeOffset? DeliveredAt,
    [property: Description("The body that is signed and sent: { type, timestamp, data }.")] WebhookMessage Payload,
    [property: Description("Every attempt, first first.")] IReadOnlyList<AttemptResponse> AttemptLog);

// The body of every delivery (Standard Webhooks): what the receiver verifies and reads.
[Description("The body of every webhook delivery (Standard Webhooks 1.0). Verify webhook-signature over webhook-id, webhook-timestamp and this body, exactly as received, before you parse it.")]
public sealed record WebhookMessage(
    [property: Description("The event type."), CodeList(WebhookEvents.Vocabulary)] string Type,
    [property: Description("When the event happened (UTC, ISO 8601).")] DateTimeOffset Timestamp,
    [property: Description("The event's data: MatchEventData for match.*, SchemeChangedEventData for scheme.changed, TestEventData for webhook.test; referral events carry the referral.")] JsonElement Data);

[Description("A scheme in an event, in short.")]
public sealed record WebhookScheme(
    [property: Description("Scheme id.")] string Id,
    [property: Description("Title.")] LocalizedText Title,
    [property: Description("Provider id.")] string Provider,
    [property: Description("Level of government."), CodeList("levels")] string Level,
    [property: Description("The instrument."), CodeList("instruments")] string Instrument,
    [property: Description("The official page.")] string Url)
{
    public static WebhookScheme Of(SchemeDocument scheme) =>
        new(scheme.Id, scheme.Title, scheme.Provider, scheme.Level, scheme.Instrument, scheme.Url);
}

[Description("The data of match.new, match.gone, match.status-changed and match.closing-soon: what changed for one saved firm profile.")]
public sealed record MatchEventData(
    [property: Description("The saved profile.")] string ProfileId,
    [property: Description("Its name, as your organisation saved it.")] string ProfileName,
    [property: Description("The scheme.")] string SchemeId,
    [property: Description("The scheme in short; absent when it was archived.")] WebhookScheme? Scheme,
    [property: Description("Its status now (absent when archived)."), CodeList("statuses")] string? Status,
    [property: Description("Its status before (match.status-changed, match.gone)."), CodeList("statuses")] string? PreviousStatus,
    [property: Description("True when its open window closes within 14 days.")] bool ClosingSoon,
    [property: Description("Last day of the current or next dated window, if known.")] DateOnly? NextDeadline,
    [property: Description("eligible or maybe for a match; for match.gone ineligible when the firm no longer qualifies."), CodeList("eligibilities")] string? Eligibility,
    [property: Description("False when the scheme left the catalogue (archived).")] bool InCatalogue,
    [property: Description("Where to read the profile's matches and all changes.")] string MatchesUrl);

[Description("The data of scheme.changed: a scheme was written (created, updated, imported, archived or refreshed from the catalogue files).")]
public sealed record SchemeChangedEventData(
    [property: Description("The scheme as it is now.")] WebhookScheme Scheme,
    [property: Description("Its version after the change.")] long Version,
    [property: Description("What happened: created, updated, imported, archived, seeded or seed-updated; for a saved profile's match: updated.")] string Change,
    [property: Description("For an advisers' organisation: the saved profile the scheme fits.")] string? ProfileId = null,
    [property: Description("That profile's name.")] string? ProfileName = null);

[Description("The data of webhook.test.")]
public sealed record TestEventData(
    [property: Description("The subscription tested.")] string SubscriptionId,
    [property: Description("A fixed text.")] string Message);

public static class WebhookJson
{
    // The bodies we sign: camelCase, absent values left out, dates as yyyy-MM-dd.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
