using Matchmaker.Api.Caseload;

namespace Matchmaker.Api.Tests.Caseload;

public sealed class MatchTrackingTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Theory]
    [InlineData("open", "2026-12-10", true)]
    [InlineData("open", "2026-11-26", true)]
    [InlineData("open", "2026-12-11", false)]
    [InlineData("open", "2026-11-25", false)]
    [InlineData("open", null, false)]
    [InlineData("upcoming", "2026-12-01", false)]
    public void ClosingSoon_IsAnOpenWindowThatClosesWithin14Days(string status, string? deadline, bool expected) =>
        Assert.Equal(expected, MatchTracking.ClosingSoon(status, deadline is null ? null : DateOnly.Parse(deadline), Today));

    [Fact]
    public void Diff_FindsNewGoneStatusChangedAndClosingSoon()
    {
        var before = new[]
        {
            Match("a", "open"), Match("b", "upcoming"), Match("c", "open"), Match("d", "open", closingSoon: true), Match("e", "expected"),
        };
        var now = new[]
        {
            Match("a", "open"), Match("b", "open"), Match("c", "open", closingSoon: true), Match("d", "open", closingSoon: true), Match("f", "open", closingSoon: true),
        };

        var diff = MatchTracking.Diff(before, now);

        Assert.Equal(["f"], diff.New.Select(m => m.SchemeId));
        Assert.Equal(["e"], diff.Gone.Select(m => m.SchemeId));
        Assert.Equal([("b", "upcoming", "open")], diff.StatusChanged.Select(c => (c.Now.SchemeId, c.Before.Status, c.Now.Status)));
        Assert.Equal(["c"], diff.ClosingSoon.Select(m => m.SchemeId));
        Assert.Equal(["a", "b", "c", "d"], diff.Kept.Select(m => m.SchemeId));
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void Diff_About_KeepsOnlyTheChangedSchemes()
    {
        var diff = MatchTracking.Diff([Match("a", "open"), Match("b", "open")], [Match("b", "closed"), Match("c", "open")]);

        var about = diff.About(new HashSet<string>(["b"], StringComparer.Ordinal));

        Assert.Empty(about.New);
        Assert.Empty(about.Gone);
        Assert.Equal(["b"], about.StatusChanged.Select(c => c.Now.SchemeId));
        Assert.True(MatchTracking.Diff([Match("a", "open")], [Match("a", "open")]).IsEmpty);
    }

    [Fact]
    public void Absorb_TakesTheChangedSchemesAsTheyAreNow_AndKeepsEveryOtherEntry()
    {
        // b changed and closed, d changed and is new, c left the list without changing (another scheme pushed it out),
        // e is in the list but its own change is still to come.
        var before = new[] { Match("a", "open"), Match("b", "open"), Match("c", "open") };
        var now = new[] { Match("a", "open"), Match("b", "closed"), Match("d", "open"), Match("e", "open") };

        var baseline = MatchTracking.Absorb(before, now, new HashSet<string>(["b", "d"], StringComparer.Ordinal));

        Assert.Equal([("a", "open"), ("c", "open"), ("b", "closed"), ("d", "open")], baseline.Select(m => (m.SchemeId, m.Status)));
    }

    private static TrackedMatch Match(string id, string status, bool closingSoon = false) => new(id, status, closingSoon, null);
}
