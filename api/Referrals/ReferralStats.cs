using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Referrals;

// How providers handle referrals, public and aggregated: a provider is shown only with at least the minimum cell size of
// referrals in the period (Insights__MinimumCellSize, as for the demand insights), and no count below it is ever shown;
// a median stands for the referrals behind it, so it is left out when fewer than the minimum stand behind it.
public sealed class ReferralStats(ReferralStore store, CodeLists codes, IConfiguration configuration, TimeProvider time)
{
    public const int DefaultMinimumCellSize = 10;
    public const int AnsweredWithinWorkingDays = 5;
    public const int MaxPeriodDays = 5 * 366;

    // Read where the demand insights read it; below 1 it would suppress nothing, so 1 is the least.
    public int MinimumCellSize => Math.Max(1, configuration.GetValue("Insights:MinimumCellSize", DefaultMinimumCellSize));

    public async Task<Outcome<ReferralStatsResponse>> ComputeAsync(string? providerId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var last = to ?? time.TodayInAmsterdam();
        var first = from ?? last.AddDays(-364);
        var problems = new List<InvalidParam>();
        if (first > last)
        {
            problems.Add(new InvalidParam("from", "Must not be after to."));
        }
        else if (last.DayNumber - first.DayNumber >= MaxPeriodDays)
        {
            problems.Add(new InvalidParam("from", $"The period may be at most {MaxPeriodDays} days long."));
        }

        if (problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        var rows = await store.StatsRowsAsync(providerId, ReferralStore.Stamp(StartOf(first)), ReferralStore.Stamp(StartOf(last.AddDays(1))), ct);
        var minimum = MinimumCellSize;
        var (items, suppressed) = Compute(rows, minimum, codes.ByName["referral-outcomes"].Select(t => t.Code).ToList());
        return new ReferralStatsResponse(first, last, minimum, suppressed, items);
    }

    // The figures per provider for the rows of one period; pure, so the suppression rules can be tested on any rows.
    public static (IReadOnlyList<ReferralProviderStats> Items, int SuppressedProviders) Compute(
        IEnumerable<ReferralStatsRow> rows, int minimum, IReadOnlyList<string> outcomes)
    {
        var items = new List<ReferralProviderStats>();
        var suppressed = 0;
        foreach (var provider in rows.GroupBy(r => (r.ProviderId, r.ProviderName)).OrderBy(g => g.Key.ProviderId, StringComparer.Ordinal))
        {
            var referrals = provider.ToList();
            if (referrals.Count < minimum)
            {
                suppressed++;
                continue;
            }

            var answered = referrals.Where(r => r.FirstAnsweredAt is not null)
                .Select(r => (Created: ReferralStore.Time(r.CreatedAt), Answered: ReferralStore.Time(r.FirstAnsweredAt!)))
                .ToList();
            var closed = referrals.Where(r => r.ClosedAt is not null)
                .Select(r => (ReferralStore.Time(r.ClosedAt!) - ReferralStore.Time(r.CreatedAt)).TotalDays)
                .ToList();
            var inTime = answered.Count(a => a.Answered <= WorkingDays.Add(a.Created, AnsweredWithinWorkingDays));
            items.Add(new ReferralProviderStats(
                new ProviderReference(provider.Key.ProviderId, provider.Key.ProviderName),
                referrals.Count,
                Cell(answered.Count, minimum),
                Math.Round(inTime / (double)referrals.Count, 3, MidpointRounding.AwayFromZero),
                answered.Count >= minimum ? Median(answered.Select(a => (a.Answered - a.Created).TotalDays).ToList()) : null,
                Cell(closed.Count, minimum),
                closed.Count >= minimum ? Median(closed) : null,
                outcomes.Select(o =>
                {
                    var count = referrals.Count(r => r.Outcome == o);
                    return count >= minimum ? new ReferralOutcomeCount(o, count, false) : new ReferralOutcomeCount(o, null, true);
                }).ToList()));
        }

        return (items, suppressed);
    }

    private static long? Cell(int count, int minimum) => count >= minimum ? count : null;

    // Calendar days, one decimal.
    private static double Median(List<double> days)
    {
        days.Sort();
        var middle = days.Count / 2;
        var median = days.Count % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2;
        return Math.Round(median, 1, MidpointRounding.AwayFromZero);
    }

    // Midnight in Amsterdam (never in a clock change, which happens at 02:00) as UTC.
    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Clock.Amsterdam.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
