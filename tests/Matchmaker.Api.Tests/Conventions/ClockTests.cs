using Matchmaker.Api.Http;

namespace Matchmaker.Api.Tests.Conventions;

public sealed class ClockTests
{
    [Theory]
    [InlineData("2026-11-26T22:59:00Z", "2026-11-26")]
    [InlineData("2026-11-26T23:00:00Z", "2026-11-27")]
    [InlineData("2026-06-30T21:59:00Z", "2026-06-30")]
    [InlineData("2026-06-30T22:00:00Z", "2026-07-01")]
    public void TodayInAmsterdam_FollowsTheDutchCalendarDayInWinterAndSummer(string utc, string today) =>
        Assert.Equal(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture),
            new TestClock(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).TodayInAmsterdam());
}
