namespace Matchmaker.Api.Webhooks;

// The event types the service itself sends; the list subscriptions choose from is data/vocabularies.json
// "webhookEvents" (a test keeps these equal to it).
public static class WebhookEvents
{
    public const string Vocabulary = "webhook-events";

    public const string MatchNew = "match.new";
    public const string MatchGone = "match.gone";
    public const string MatchStatusChanged = "match.status-changed";
    public const string MatchClosingSoon = "match.closing-soon";
    public const string SchemeChanged = "scheme.changed";
    public const string ReferralReceived = "referral.received";
    public const string ReferralUpdated = "referral.updated";
    public const string ReferralReminder = "referral.reminder";
    public const string ReferralFollowUp = "referral.follow-up";
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
        [MatchNew, MatchGone, MatchStatusChanged, MatchClosingSoon, SchemeChanged, ReferralReceived, ReferralUpdated, ReferralReminder, ReferralFollowUp, Test];
}

// The states of a delivery (data/vocabularies.json "deliveryStates").
public static class DeliveryStates
{
    public const string Vocabulary = "delivery-states";

    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed];
}
