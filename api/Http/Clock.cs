namespace Matchmaker.Api.Http;

// "Today" for schemes and firms is the Dutch calendar day, also in the hour after midnight when UTC is still yesterday.
public static class Clock
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateOnly TodayInAmsterdam(this TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Amsterdam).DateTime);
}
