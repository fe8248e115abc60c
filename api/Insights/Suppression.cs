namespace Matchmaker.Api.Insights;

// One cell of an aggregate before suppression: its key (null: the facet was not known), requests and unmet requests.
public sealed record CellCount(string? Key, long Requests, long Unmet);

// Small cells are never shown, so no answer singles out the request of one firm. Primary: every cell with fewer than
// the minimum requests is hidden. Secondary: if the hidden cells together hold fewer than the minimum (but more than
// none), the smallest shown cells are hidden too until they hold at least the minimum, so subtracting the shown cells
// from the answer's total never gives a small cell. Deterministic (smallest first, then by key), so the same counts
// always hide the same cells.
public static class Suppression
{
    public static (IReadOnlyList<CellCount> Shown, int Suppressed) Apply(IEnumerable<CellCount> cells, int minimum)
    {
        var present = cells.Where(c => c.Requests > 0).ToList();
        var hidden = present.Where(c => c.Requests < minimum).ToHashSet();
        var hiddenRequests = hidden.Sum(c => c.Requests);
        foreach (var cell in present.Where(c => !hidden.Contains(c)).OrderBy(c => c.Requests).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            if (hiddenRequests == 0 || hiddenRequests >= minimum)
            {
                break;
            }

            hidden.Add(cell);
            hiddenRequests += cell.Requests;
        }

        return (present.Where(c => !hidden.Contains(c)).ToList(), hidden.Count);
    }
}
