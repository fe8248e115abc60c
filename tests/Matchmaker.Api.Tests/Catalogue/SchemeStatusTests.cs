using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Tests.Catalogue;

public sealed class SchemeStatusTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    public static TheoryData<ApplicationWindow[], string, string?> Cases => new()
    {
        { [], "open", null },
        { [new("continuous")], "open", null },
        { [new("window")], "expected", null },
        { [new("window", new(2025, 3, 1), new(2025, 4, 1)), new("tender")], "expected", null },
        { [new("window", new(2026, 11, 26), new(2026, 11, 26))], "open", "2026-11-26" },
        { [new("window", new(2026, 11, 27), new(2026, 12, 31))], "upcoming", "2026-12-31" },
        { [new("window", new(2026, 1, 1), new(2026, 11, 25))], "closed", null },
        { [new("window", null, new(2026, 12, 1))], "open", "2026-12-01" },
        { [new("first-come", new(2026, 1, 1), null)], "open", null },
        { [new("window", new(2026, 1, 1), new(2026, 3, 1)), new("window", new(2027, 2, 1), new(2027, 4, 1))], "upcoming", "2027-04-01" },
        { [new("window", new(2026, 11, 1), new(2026, 12, 20)), new("continuous", null, new(2026, 12, 5))], "open", "2026-12-05" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_WindowsAroundToday_GivesStatusAndNextDeadline(ApplicationWindow[] windows, string status, string? deadline)
    {
        var (actual, next, _) = SchemeStatus.Compute(false, false, null, windows, Today);

        Assert.Equal(status, actual);
        Assert.Equal(deadline, next?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Compute_Ended_IsEndedWhateverTheWindows() =>
        Assert.Equal("ended", SchemeStatus.Compute(true, false, null, [new("continuous")], Today).Status);

    [Theory]
    [InlineData(true, null, "expected")]
    [InlineData(false, null, "open")]
    [InlineData(false, "exhausted", "closed")]
    [InlineData(true, "exhausted", "expected")]
    public void Compute_NoWindows_OpenOnlyForInstrumentsWithoutBudgetedRounds(bool windowsRequired, string? budget, string status) =>
        Assert.Equal(status, SchemeStatus.Compute(false, windowsRequired, budget, [], Today).Status);

    [Fact]
    public void Compute_OpenWindowButBudgetExhausted_IsClosed() =>
        Assert.Equal("closed", SchemeStatus.Compute(false, true, "exhausted", [new("first-come", new(2026, 1, 1), new(2026, 12, 31))], Today).Status);

    [Theory]
    [InlineData("2026-12-26", true)]
    [InlineData("2026-12-27", false)]
    public void Compute_OpenWindow_ClosingSoonWithin30Days(string closes, bool soon) =>
        Assert.Equal(soon, SchemeStatus.Compute(false, true, null, [new("window", new(2026, 1, 1), DateOnly.Parse(closes, System.Globalization.CultureInfo.InvariantCulture))], Today).ClosingSoon);

    [Theory]
    [InlineData("zonnepanelen", new[] { "zonnepanelen" })]
    [InlineData("Zonne-panelen  op dak", new[] { "zonne", "panelen", "op", "dak" })]
    [InlineData("\"x\" OR NEAR(y*", new[] { "x", "or", "near", "y" })]
    [InlineData("***", new string[0])]
    [InlineData("energie energie", new[] { "energie" })]
    [InlineData("Crème brûlée", new[] { "creme", "brulee" })]
    public void FtsQuery_Tokens_AreFoldedWordsWithoutOperators(string input, string[] expected) =>
        Assert.Equal(expected, FtsQuery.Tokens(input));
}
