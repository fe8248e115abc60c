namespace Matchmaker.Api.Referrals;

// The codes the referral rules act on. The lists themselves (with labels) are in data/vocabularies.json; a test keeps
// these constants equal to them, in order.
public static class ReferralStatus
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    public const string InProgress = "in-progress";
    public const string Closed = "closed";

    // A status only moves forward along this order; steps may be skipped, nothing follows closed.
    public static readonly IReadOnlyList<string> Order = [Received, Accepted, InProgress, Closed];

    public static int Rank(string status) => Order.ToList().IndexOf(status);
}

public static class ReferralChannel
{
    public const string Adviser = "adviser";
    public const string Widget = "widget";

    public static readonly IReadOnlyList<string> All = [Adviser, Widget];
}

public static class ReferralSide
{
    public const string Sender = "sender";
    public const string Provider = "provider";

    public static readonly IReadOnlyList<string> All = [Sender, Provider];
}

public static class ReferralNotificationType
{
    public const string Received = "referral.received";
    public const string Updated = "referral.updated";
    public const string Reminder = "referral.reminder";
    public const string FollowUp = "referral.follow-up";

    public static readonly IReadOnlyList<string> All = [Received, Updated, Reminder, FollowUp];
}
