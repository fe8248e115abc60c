using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Webhooks;

// The event types the service itself sends; the list subscriptions choose from is data/vocabularies.json
// "webhookEvents" (a test keeps these equal to it).
public static class WebhookEvents
{
    public const string Vocabulary = "webhook-events";

    public static readonly string MatchNew = VocabularyCode.Of("webhook-events", nameof(MatchNew));
    public static readonly string MatchGone = VocabularyCode.Of("webhook-events", nameof(MatchGone));
    public static readonly string MatchStatusChanged = VocabularyCode.Of("webhook-events", nameof(MatchStatusChanged));
    public static readonly string MatchClosingSoon = VocabularyCode.Of("webhook-events", nameof(MatchClosingSoon));
    public static readonly string SchemeChanged = VocabularyCode.Of("webhook-events", nameof(SchemeChanged));
    public static readonly string ReferralReceived = VocabularyCode.Of("webhook-events", nameof(ReferralReceived));
    public static readonly string ReferralUpdated = VocabularyCode.Of("webhook-events", nameof(ReferralUpdated));
    public static readonly string ReferralReminder = VocabularyCode.Of("webhook-events", nameof(ReferralReminder));
    public static readonly string ReferralFollowUp = VocabularyCode.Of("webhook-events", nameof(ReferralFollowUp));
    public static readonly string Test = VocabularyCode.Of("webhook-events", nameof(Test), "webhook");

    public static readonly IReadOnlyList<string> All =
        [MatchNew, MatchGone, MatchStatusChanged, MatchClosingSoon, SchemeChanged, ReferralReceived, ReferralUpdated, ReferralReminder, ReferralFollowUp, Test];
}

// The states of a delivery (data/vocabularies.json "deliveryStates").
public static class DeliveryStates
{
    public const string Vocabulary = "delivery-states";

    public static readonly string Pending = VocabularyCode.Of("delivery-states", nameof(Pending));
    public static readonly string Delivered = VocabularyCode.Of("delivery-states", nameof(Delivered));
    public static readonly string Failed = VocabularyCode.Of("delivery-states", nameof(Failed));

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed];
}
