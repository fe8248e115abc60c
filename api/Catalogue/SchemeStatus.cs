using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Catalogue;

public readonly record struct StatusResult(string Status, DateOnly? NextDeadline, bool ClosingSoon);

// The status of a scheme on a date: one rule, here and in SchemeRepository's SQL (a test holds the two together).
public static class SchemeStatus
{
    // The codes of the "statuses" list in data/vocabularies.json, read from it by name.
    public static readonly string Open = VocabularyCode.Of("statuses", nameof(Open));
    public static readonly string Upcoming = VocabularyCode.Of("statuses", nameof(Upcoming));
    public static readonly string Expected = VocabularyCode.Of("statuses", nameof(Expected));
    public static readonly string Closed = VocabularyCode.Of("statuses", nameof(Closed));
    public static readonly string Ended = VocabularyCode.Of("statuses", nameof(Ended));
    public static readonly string ContinuousMode = VocabularyCode.Of("window-modes", "Continuous");
    public static readonly string ExhaustedBudget = VocabularyCode.Of("budget-statuses", "Exhausted");
    public const int ClosingSoonDays = 30;

    // Open now, or a round that is coming or expected: a firm can still apply, unlike closed or ended.
    public static bool MayBeApplied(string status) => status == Open || status == Upcoming || status == Expected;

    // windowsRequired: the instrument is budgeted (vocabularies.json "windowsRequired"), so a record without windows is
    // not open all year by default but expected: its rounds are not known.
    public static StatusResult Compute(
        bool ended, bool windowsRequired, string? budgetStatus, IReadOnlyList<ApplicationWindow>? windows, DateOnly today)
    {
        if (ended)
        {
            return new(Ended, null, false);
        }

        var exhausted = budgetStatus == ExhaustedBudget;
        if (windows is null || windows.Count == 0)
        {
            return windowsRequired ? new(Expected, null, false) : new(exhausted ? Closed : Open, null, false);
        }

        // Plain index loops (no enumerator): this runs for every candidate scheme of every match request.
        var anyOpen = false;
        var undatedRound = false;
        DateOnly? openDeadline = null;
        ApplicationWindow? next = null;
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
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
            else if (w.OpensOn is null && w.ClosesOn is null && w.Mode != ContinuousMode)
            {
                undatedRound = true;
            }
        }

        if (anyOpen && !exhausted)
        {
            return new(Open, openDeadline, openDeadline is { } d && d <= today.AddDays(ClosingSoonDays));
        }

        return next is not null ? new(Upcoming, next.ClosesOn, false)
            : undatedRound ? new(Expected, null, false)
            : new(Closed, null, false);
    }

    public static bool IsOpen(ApplicationWindow window, DateOnly today)
    {
        var dated = window.OpensOn is not null || window.ClosesOn is not null;
        return (dated || window.Mode == ContinuousMode)
            && (window.OpensOn is null || window.OpensOn <= today)
            && (window.ClosesOn is null || window.ClosesOn >= today);
    }
}
