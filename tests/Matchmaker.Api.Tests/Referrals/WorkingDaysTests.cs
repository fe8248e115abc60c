using Matchmaker.Api.Referrals;

namespace Matchmaker.Api.Tests.Referrals;

// The Algemene termijnenwet's holidays (art. 3, Good Friday by lid 2) and the working-day arithmetic of reminders and
// handling times, for dates of 2026 and 2027 checked by hand against the calendar.
public sealed class WorkingDaysTests
{
    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void EasterSunday_GregorianComputus(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), WorkingDays.EasterSunday(year));

    [Fact]
    public void Holidays_2026()
    {
        Assert.Equal(
            [
                ("2026-01-01", "Nieuwjaarsdag"), ("2026-04-03", "Goede Vrijdag"), ("2026-04-06", "Tweede Paasdag"), ("2026-04-27", "Koningsdag"),
                ("2026-05-05", "Bevrijdingsdag"), ("2026-05-14", "Hemelvaartsdag"), ("2026-05-25", "Tweede Pinksterdag"),
                ("2026-12-25", "Eerste Kerstdag"), ("2026-12-26", "Tweede Kerstdag"),
            ],
            WorkingDays.Holidays(2026).Select(h => (h.Date.ToString("yyyy-MM-dd"), h.Name)));
    }

    [Fact]
    public void Holidays_2027()
    {
        Assert.Equal(
            [
                ("2027-01-01", "Nieuwjaarsdag"), ("2027-03-26", "Goede Vrijdag"), ("2027-03-29", "Tweede Paasdag"), ("2027-04-27", "Koningsdag"),
                ("2027-05-05", "Bevrijdingsdag"), ("2027-05-06", "Hemelvaartsdag"), ("2027-05-17", "Tweede Pinksterdag"),
                ("2027-12-25", "Eerste Kerstdag"), ("2027-12-26", "Tweede Kerstdag"),
            ],
            WorkingDays.Holidays(2027).Select(h => (h.Date.ToString("yyyy-MM-dd"), h.Name)));
    }

    [Fact]
    public void KingsDay_OnASunday_IsCelebratedTheDayBefore()
    {
        // 27 April 2025 was a Sunday.
        Assert.Contains(WorkingDays.Holidays(2025), h => h.Name == "Koningsdag" && h.Date == new DateOnly(2025, 4, 26));
        Assert.DoesNotContain(WorkingDays.Holidays(2025), h => h.Date == new DateOnly(2025, 4, 27));
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2025, 4, 28)));
    }

    [Theory]
    [InlineData("2026-04-06", false)] // Easter Monday
    [InlineData("2026-04-07", true)]
    [InlineData("2026-04-27", false)] // King's Day, a Monday
    [InlineData("2026-05-14", false)] // Ascension Day
    [InlineData("2026-05-15", true)]  // the Friday after: a bridge day by royal decree at most, not by the law
    [InlineData("2026-05-25", false)] // Whit Monday
    [InlineData("2026-12-25", false)] // Christmas Day, a Friday
    [InlineData("2026-12-28", true)]
    [InlineData("2027-04-27", false)] // King's Day, a Tuesday
    [InlineData("2027-05-05", false)] // Liberation Day, a Wednesday
    [InlineData("2027-05-06", false)] // Ascension Day
    [InlineData("2027-05-17", false)] // Whit Monday
    [InlineData("2027-12-27", true)]  // Christmas fell on the weekend; the Monday after is a working day
    [InlineData("2026-11-28", false)] // a Saturday
    [InlineData("2026-11-29", false)] // a Sunday
    public void IsWorkingDay(string date, bool expected) => Assert.Equal(expected, WorkingDays.IsWorkingDay(DateOnly.Parse(date)));

    // Local (Amsterdam) times in, local times out; the offsets are those of the day.
    [Theory]
    [InlineData("2026-11-26T10:00:00+01:00", 3, "2026-12-01T10:00:00+01:00")] // Thursday → Tuesday
    [InlineData("2026-11-27T16:00:00+01:00", 3, "2026-12-02T16:00:00+01:00")] // Friday afternoon → Wednesday afternoon
    [InlineData("2026-11-28T11:00:00+01:00", 3, "2026-12-03T00:00:00+01:00")] // Saturday → end of Wednesday
    [InlineData("2026-04-02T09:00:00+02:00", 3, "2026-04-09T09:00:00+02:00")] // Maundy Thursday: Good Friday and Easter Monday skipped
    [InlineData("2026-04-24T12:00:00+02:00", 3, "2026-04-30T12:00:00+02:00")] // over King's Day (Monday 27 April)
    [InlineData("2026-05-04T12:00:00+02:00", 3, "2026-05-08T12:00:00+02:00")] // over Liberation Day (Tuesday 5 May)
    [InlineData("2026-05-13T12:00:00+02:00", 3, "2026-05-19T12:00:00+02:00")] // over Ascension Day (Thursday 14 May)
    [InlineData("2026-05-22T12:00:00+02:00", 3, "2026-05-28T12:00:00+02:00")] // over Whit Monday (25 May)
    [InlineData("2026-12-23T10:00:00+01:00", 3, "2026-12-29T10:00:00+01:00")] // over Christmas (Friday 25, Saturday 26)
    [InlineData("2026-12-31T10:00:00+01:00", 1, "2027-01-04T10:00:00+01:00")] // over New Year's Day
    [InlineData("2027-03-25T08:30:00+01:00", 3, "2027-04-01T08:30:00+02:00")] // over Easter 2027 and the change to summer time
    [InlineData("2027-05-12T12:00:00+02:00", 5, "2027-05-20T12:00:00+02:00")] // five working days over Whit Monday 2027
    [InlineData("2026-10-23T15:00:00+02:00", 3, "2026-10-28T15:00:00+01:00")] // over the change to winter time
    public void Add_SkipsWeekendsAndHolidays_KeepingTheTimeOfDay(string start, int days, string expected)
    {
        var result = WorkingDays.Add(DateTimeOffset.Parse(start), days);

        Assert.Equal(DateTimeOffset.Parse(expected).UtcDateTime, result.UtcDateTime);
    }

    [Fact]
    public void Add_ZeroDaysOnAWorkingDay_IsTheSameMoment()
    {
        var start = DateTimeOffset.Parse("2026-11-26T12:00:00Z");

        Assert.Equal(start, WorkingDays.Add(start, 0));
    }
}
