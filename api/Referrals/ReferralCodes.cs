using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Referrals;

// The codes the referral rules act on. The lists themselves (with labels) are in data/vocabularies.json; a test keeps
// these constants equal to them, in order.
public static class ReferralStatus
{
    public static readonly string Received = VocabularyCode.Of("referral-statuses", nameof(Received));
    public static readonly string Accepted = VocabularyCode.Of("referral-statuses", nameof(Accepted));
    public static readonly string InProgress = VocabularyCode.Of("referral-statuses", nameof(InProgress));
    public static readonly string Closed = VocabularyCode.Of("referral-statuses", nameof(Closed));

    // A status only moves forward along this order; steps may be skipped, nothing follows closed.
    public static readonly IReadOnlyList<string> Order = [Received, Accepted, InProgress, Closed];

    public static int Rank(string status) => Order.ToList().IndexOf(status);
}

public static class ReferralChannel
{
    public static readonly string Adviser = VocabularyCode.Of("referral-channels", nameof(Adviser));
    public static readonly string Widget = VocabularyCode.Of("referral-channels", nameof(Widget));

    public static readonly IReadOnlyList<string> All = [Adviser, Widget];
}

public static class ReferralSide
{
    public static readonly string Sender = VocabularyCode.Of("referral-sides", nameof(Sender));
    public static readonly string Provider = VocabularyCode.Of("referral-sides", nameof(Provider));

    public static readonly IReadOnlyList<string> All = [Sender, Provider];
}

public static class ReferralNotificationType
{
    public static readonly string Received = VocabularyCode.Of("referral-notification-types", nameof(Received), "referral");
    public static readonly string Updated = VocabularyCode.Of("referral-notification-types", nameof(Updated), "referral");
    public static readonly string Reminder = VocabularyCode.Of("referral-notification-types", nameof(Reminder), "referral");
    public static readonly string FollowUp = VocabularyCode.Of("referral-notification-types", nameof(FollowUp), "referral");

    public static readonly IReadOnlyList<string> All = [Received, Updated, Reminder, FollowUp];
}
