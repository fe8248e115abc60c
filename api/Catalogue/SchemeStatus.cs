namespace Matchmaker.Api.Catalogue;

public static class SchemeStatus
{
    public const string Open = "open";
    public const string Upcoming = "upcoming";
    public const string Closed = "closed";
    public const string Ended = "ended";

    // Kept in step with the status CASE in SchemeRepository's SQL; a test holds the two together.
    public static (string Status, DateOnly? NextDeadline) Compute(bool ended, IReadOnlyList<ApplicationWindow>? windows, DateOnly today)
    {
        if (ended)
        {
            return (Ended, null);
        }

        // A scheme that lists no windows is used whenever a firm needs it (advice, tax benefits).
        if (windows is null || windows.Count == 0)
        {
            return (Open, null);
        }

        // Plain loops: this runs for every candidate scheme of every match request.
        var anyOpen = false;
        DateOnly? openDeadline = null;
        ApplicationWindow? next = null;
        foreach (var w in windows)
        {
            if (IsOpen(w, today))
            {
                anyOpen = true;
                if (w.ClosesOn is { } closes && (openDeadline is null || closes < openDeadline))
                {
                    openDeadline = closes;
                }
            }
            else if (w.OpensOn > today && (next is null || w.OpensOn < next.OpensOn))
            {
                next = w;
            }
        }

        return anyOpen ? (Open, openDeadline) : next is not null ? (Upcoming, next.ClosesOn) : (Closed, null);
    }

    public static bool IsOpen(ApplicationWindow window, DateOnly today)
    {
        var dated = window.OpensOn is not null || window.ClosesOn is not null;
        return (dated || window.Mode == "continuous")
            && (window.OpensOn is null || window.OpensOn <= today)
            && (window.ClosesOn is null || window.ClosesOn >= today);
    }
}
