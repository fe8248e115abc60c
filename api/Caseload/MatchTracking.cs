using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Caseload;

// A match as the change detector remembers it.
public sealed record TrackedMatch(string SchemeId, string Status, bool ClosingSoon, DateOnly? NextDeadline);

public sealed record StatusChange(TrackedMatch Before, TrackedMatch Now);

public sealed record MatchDiff(
    IReadOnlyList<TrackedMatch> New, IReadOnlyList<TrackedMatch> Gone, IReadOnlyList<StatusChange> StatusChanged, IReadOnlyList<TrackedMatch> ClosingSoon,
    IReadOnlyList<TrackedMatch> Kept)
{
    public bool IsEmpty => New.Count == 0 && Gone.Count == 0 && StatusChanged.Count == 0 && ClosingSoon.Count == 0;

    // Only what concerns these schemes.
    public MatchDiff About(IReadOnlySet<string> schemes) => new(
        New.Where(m => schemes.Contains(m.SchemeId)).ToList(), Gone.Where(m => schemes.Contains(m.SchemeId)).ToList(),
        StatusChanged.Where(c => schemes.Contains(c.Now.SchemeId)).ToList(), ClosingSoon.Where(m => schemes.Contains(m.SchemeId)).ToList(), Kept);
}

// What changed between two sets of matches of one profile: pure, so the rules are tested with tables.
public static class MatchTracking
{
    // DESIGN.md: a deadline 14 days away is news (the match list's own closingSoon looks 30 days ahead).
    public const int ClosingSoonDays = 14;

    public static bool ClosingSoon(string status, DateOnly? deadline, DateOnly today) =>
        status == SchemeStatus.Open && deadline is { } d && d >= today && d.DayNumber - today.DayNumber <= ClosingSoonDays;

    public static IReadOnlyList<TrackedMatch> Track(MatchResult result) =>
        result.Matches
            .Select(m => new TrackedMatch(m.Scheme.Id, m.Status, ClosingSoon(m.Status, m.NextDeadline, result.Profile.AsOf), m.NextDeadline))
            .ToList();

    // The baseline after telling about these schemes: their entries as they are now, every other entry as it was.
    public static IReadOnlyList<TrackedMatch> Absorb(IReadOnlyList<TrackedMatch> before, IReadOnlyList<TrackedMatch> now, IReadOnlySet<string> schemes) =>
        before.Where(m => !schemes.Contains(m.SchemeId)).Concat(now.Where(m => schemes.Contains(m.SchemeId))).ToList();

    public static MatchDiff Diff(IReadOnlyList<TrackedMatch> before, IReadOnlyList<TrackedMatch> now)
    {
        var then = before.ToDictionary(m => m.SchemeId, StringComparer.Ordinal);
        var current = now.Select(m => m.SchemeId).ToHashSet(StringComparer.Ordinal);
        var added = new List<TrackedMatch>();
        var changed = new List<StatusChange>();
        var closing = new List<TrackedMatch>();
        var kept = new List<TrackedMatch>();
        foreach (var match in now)
        {
            if (!then.TryGetValue(match.SchemeId, out var old))
            {
                added.Add(match);
                continue;
            }

            kept.Add(match);
            if (old.Status != match.Status)
            {
                changed.Add(new StatusChange(old, match));
            }

            if (match.ClosingSoon && !old.ClosingSoon)
            {
                closing.Add(match);
            }
        }

        var gone = before.Where(m => !current.Contains(m.SchemeId)).ToList();
        return new MatchDiff(added, gone, changed, closing, kept);
    }
}
