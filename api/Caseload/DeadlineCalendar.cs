using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Caseload;

// The deadlines of a saved profile's matches as an iCalendar feed (RFC 5545): one all-day event per upcoming deadline,
// on the last day of the window (Europe/Amsterdam, as the catalogue's dates are), with a UID per profile and scheme
// that stays the same from one fetch to the next, so a subscribed calendar updates an event when a deadline moves.
public static class DeadlineCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string TimeZone = "Europe/Amsterdam";

    public static string Build(string profileId, string profileName, MatchResult result, DateTimeOffset now, bool english)
    {
        var calendar = new Calendar { ProductId = "-//Matchmaker//Deadlines 1.0//NL", Method = "PUBLISH" };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(TimeZone));
        calendar.AddProperty("X-WR-CALNAME", (english ? "Deadlines: " : "Deadlines: ") + profileName);
        calendar.AddProperty("X-WR-TIMEZONE", TimeZone);
        calendar.AddProperty("X-PUBLISHED-TTL", "PT6H");
        var today = result.Profile.AsOf;
        foreach (var match in result.Matches.Where(m => m.NextDeadline >= today).OrderBy(m => m.NextDeadline).ThenBy(m => m.Scheme.Id, StringComparer.Ordinal))
        {
            var deadline = match.NextDeadline!.Value;
            var title = english ? match.Scheme.Title.En ?? match.Scheme.Title.Nl : match.Scheme.Title.Nl;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{profileId}.{match.Scheme.Id}@matchmaker",
                DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
                Start = new CalDateTime(deadline),
                End = new CalDateTime(deadline.AddDays(1)),
                Summary = (english ? "Deadline: " : "Deadline: ") + title,
                Description = english
                    ? $"Last day to apply for {title} ({match.Scheme.Provider.Name}), a match for {profileName}. {match.Scheme.Url}"
                    : $"Laatste dag om {title} ({match.Scheme.Provider.Name}) aan te vragen, een match voor {profileName}. {match.Scheme.Url}",
                Url = Uri.TryCreate(match.Scheme.Url, UriKind.Absolute, out var url) ? url : null,
                Transparency = "TRANSPARENT",
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
