using Matchmaker.Api.Http;

namespace Matchmaker.Api.Referrals;

// Working days for reminders and handling times: Monday to Friday, except the "algemeen erkende feestdagen" of the
// Algemene termijnenwet (BWBR0002448), article 3:
//   lid 1: "Algemeen erkende feestdagen in de zin van deze wet zijn: de Nieuwjaarsdag, de Christelijke tweede Paas- en
//           Pinksterdag, de beide Kerstdagen, de Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd
//           en de vijfde mei."
//   lid 2: "Voor de toepassing van deze wet wordt de Goede Vrijdag met de in het vorige lid genoemde dagen gelijkgesteld."
// So Good Friday counts too. Lid 3 lets a royal decree add days (bridge days, announced a few years ahead); those cannot
// be computed and are not counted. The King's birthday is celebrated on 27 April, on 26 April when the 27th is a Sunday.
// Dates are Europe/Amsterdam calendar days.
public static class WorkingDays
{
    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public static bool IsHoliday(DateOnly date) => Holidays(date.Year).Any(h => h.Date == date);

    // The holidays of one year, in date order, with their Dutch names.
    public static IReadOnlyList<(DateOnly Date, string Name)> Holidays(int year)
    {
        var easter = EasterSunday(year);
        var kingsDay = new DateOnly(year, 4, 27);
        if (kingsDay.DayOfWeek == DayOfWeek.Sunday)
        {
            kingsDay = kingsDay.AddDays(-1);
        }

        return new List<(DateOnly Date, string Name)>
        {
            (new DateOnly(year, 1, 1), "Nieuwjaarsdag"),
            (easter.AddDays(-2), "Goede Vrijdag"),
            (easter.AddDays(1), "Tweede Paasdag"),
            (kingsDay, "Koningsdag"),
            (new DateOnly(year, 5, 5), "Bevrijdingsdag"),
            (easter.AddDays(39), "Hemelvaartsdag"),
            (easter.AddDays(50), "Tweede Pinksterdag"),
            (new DateOnly(year, 12, 25), "Eerste Kerstdag"),
            (new DateOnly(year, 12, 26), "Tweede Kerstdag"),
        }.OrderBy(h => h.Date).ToList();
    }

    // Easter Sunday by the Gregorian computus (the anonymous algorithm of Meeus, Jones and Butcher).
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    public static DateOnly NextWorkingDay(DateOnly date)
    {
        var next = date.AddDays(1);
        while (!IsWorkingDay(next))
        {
            next = next.AddDays(1);
        }

        return next;
    }

    // The moment that many working days after start: the same time of day on the n-th working day after it, in Amsterdam.
    // A start outside working days counts from the beginning of the next working day, so a referral sent on Saturday is
    // three working days old at the end of Wednesday, one sent on Friday at 16:00 on Wednesday at 16:00.
    public static DateTimeOffset Add(DateTimeOffset start, int days)
    {
        var local = TimeZoneInfo.ConvertTime(start, Clock.Amsterdam);
        var date = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;
        if (!IsWorkingDay(date))
        {
            date = NextWorkingDay(date);
            timeOfDay = TimeSpan.Zero;
        }

        for (var i = 0; i < days; i++)
        {
            date = NextWorkingDay(date);
        }

        // The clocks change on a Sunday, never a working day, so this local time exists exactly once.
        var result = date.ToDateTime(TimeOnly.MinValue) + timeOfDay;
        return new DateTimeOffset(result, Clock.Amsterdam.GetUtcOffset(result)).ToUniversalTime();
    }
}
