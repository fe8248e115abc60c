using CsCheck;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Referrals;

namespace Matchmaker.Api.Tests.Referrals;

public sealed class ReferralStatsTests
{
    private static readonly CatalogueData Data = CatalogueData.Load(TestPaths.RealData);
    private static readonly string[] Outcomes = Data.Vocabularies.ReferralOutcomes.Select(o => o.Code).ToArray();
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CodesInCode_AreTheVocabularysCodes_InOrder()
    {
        Assert.Equal(Data.Vocabularies.ReferralStatuses.Select(s => s.Code), ReferralStatus.Order);
        Assert.Equal(Data.Vocabularies.ReferralChannels.Select(s => s.Code), ReferralChannel.All);
        Assert.Equal(Data.Vocabularies.ReferralSides.Select(s => s.Code), ReferralSide.All);
        Assert.Equal(Data.Vocabularies.ReferralNotificationTypes.Select(s => s.Code), ReferralNotificationType.All);
        Assert.Equal(["taken-up", "aid-granted", "no-aid-available", "firm-unreachable", "declined-by-firm", "not-eligible"], Outcomes);
        Assert.All(Data.Vocabularies.Lists.Where(l => l.Name.StartsWith("referral-", StringComparison.Ordinal)).SelectMany(l => l.Terms),
            t => Assert.False(string.IsNullOrWhiteSpace(t.Label.Nl) || string.IsNullOrWhiteSpace(t.Label.En), t.Code));
    }

    private static readonly Gen<ReferralStatsRow> Row =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 60 * 24 * 200], Gen.Int[-1, 60 * 24 * 20], Gen.Int[-1, 60 * 24 * 90], Gen.Int[-1, Outcomes.Length - 1],
            (provider, created, answered, closed, outcome) =>
            {
                var at = Start.AddMinutes(created);
                var first = answered < 0 ? (DateTimeOffset?)null : at.AddMinutes(answered);
                var done = first is null || closed < 0 ? (DateTimeOffset?)null : first.Value.AddMinutes(closed);
                return new ReferralStatsRow(
                    "provider-" + provider, "Provider " + provider, ReferralStore.Stamp(at), first is null ? null : ReferralStore.Stamp(first.Value),
                    done is null ? null : ReferralStore.Stamp(done.Value), done is null || outcome < 0 ? null : Outcomes[outcome]);
            });

    // Whatever the referrals, no provider with fewer than the minimum is shown and no count below it ever comes out; a
    // median only where at least the minimum stand behind it; every provider is either shown or counted as suppressed.
    [Fact]
    public void Compute_NeverReturnsACellBelowTheMinimum()
    {
        // A fixed stream, so every run checks the same 400 cases.
        var random = new PCG(7, 20261201);
        var cases = Gen.Select(Row.List[0, 120], Gen.Int[1, 15]);
        for (var i = 0; i < 400; i++)
        {
            var (rows, minimum) = cases.Generate(random, null, out Size _);
            var (items, suppressed) = ReferralStats.Compute(rows, minimum, Outcomes);

            Assert.Equal(rows.Select(r => r.ProviderId).Distinct().Count(), items.Count + suppressed);
            foreach (var item in items)
            {
                Assert.True(item.Received >= minimum);
                Assert.True(item.Answered is null || item.Answered >= minimum);
                Assert.True(item.Closed is null || item.Closed >= minimum);
                Assert.Equal(item.Answered is null, item.MedianDaysToFirstAnswer is null);
                Assert.Equal(item.Closed is null, item.MedianDaysToClose is null);
                Assert.Equal(Outcomes, item.Outcomes.Select(o => o.Outcome));
                Assert.All(item.Outcomes, o => Assert.True(o.Suppressed ? o.Count is null : o.Count >= minimum));
                Assert.InRange(item.ShareAnsweredWithin5WorkingDays, 0, 1);
                var own = rows.Where(r => r.ProviderId == item.Provider.Id).ToList();
                Assert.Equal(own.Count, item.Received);
                Assert.All(item.Outcomes.Where(o => !o.Suppressed), o => Assert.Equal(own.Count(r => r.Outcome == o.Outcome), o.Count));
            }
        }
    }

    [Fact]
    public void Compute_MediansInCalendarDays_AndTheShareInWorkingDays()
    {
        // Ten referrals on Friday 24 April 2026, 10:00 in Amsterdam; five working days run to Monday 4 May (King's Day
        // on the 27th). Answered after 2, 3, ..., 11 calendar days; closed 20 days after coming in, six with aid granted.
        var created = new DateTimeOffset(2026, 4, 24, 10, 0, 0, TimeSpan.FromHours(2));
        var rows = Enumerable.Range(1, 10).Select(i => new ReferralStatsRow(
            "gemeente-test", "Test", ReferralStore.Stamp(created), ReferralStore.Stamp(created.AddDays(i + 1)), ReferralStore.Stamp(created.AddDays(20)),
            i <= 6 ? "aid-granted" : "not-eligible")).ToList();

        var (items, suppressed) = ReferralStats.Compute(rows, 5, Outcomes);

        var item = Assert.Single(items);
        Assert.Equal(0, suppressed);
        // Within five working days: answered by Monday 4 May 10:00, 10 calendar days on; the one answered after 11 is late.
        Assert.Equal(0.9, item.ShareAnsweredWithin5WorkingDays);
        Assert.Equal(6.5, item.MedianDaysToFirstAnswer);
        Assert.Equal(20.0, item.MedianDaysToClose);
        Assert.Equal(6, item.Outcomes.Single(o => o.Outcome == "aid-granted").Count);
        Assert.True(item.Outcomes.Single(o => o.Outcome == "not-eligible").Suppressed);
    }
}
