using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

public sealed record SchemeOwner(string ProviderId, string Document);

// The insights as answers: checks the filters, aggregates, hides every small cell (Suppression) and labels the rest.
public sealed class InsightsService(
    InsightsQueries queries, Database db, CatalogueSnapshotProvider snapshots, CodeLists codes, IOptions<InsightsOptions> options, TimeProvider time)
{
    public const string Unknown = "unknown";
    public const string None = "none";
    public static readonly string DefaultGrouping = InsightGroupings.Purpose;

    private int Minimum => options.Value.MinimumCellSize;

    public async Task<Outcome<DemandReport>> DemandAsync(DemandQuery query, bool english, CancellationToken ct)
    {
        var problems = new List<InvalidParam>();
        CheckDates(query.From, query.To, problems);
        CheckArea(query.Province, query.Municipality, problems);
        if (problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        var groupBy = query.GroupBy ?? DefaultGrouping;
        var filter = new DemandFilter(Day(query.From), Day(query.To), query.Province, query.Municipality, query.Purpose, query.Channel);
        var (shown, suppressed) = Suppression.Apply(await queries.CellsAsync(groupBy, filter, ct), Minimum);
        var total = await queries.TotalAsync(filter, ct);
        var multiValued = InsightsQueries.Groupings[groupBy].Kind is not null;
        var items = shown
            .Select(c => new DemandCell(c.Key ?? (multiValued ? None : Unknown), Label(groupBy, c.Key, multiValued, english), c.Requests, c.Unmet, Share(c.Unmet, c.Requests)))
            .ToList();
        items = groupBy == InsightGroupings.Month
            ? items.OrderBy(c => c.Key == Unknown).ThenBy(c => c.Key, StringComparer.Ordinal).ToList()
            : items.OrderByDescending(c => c.Requests).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return new DemandReport(
            groupBy, items, total.Requests >= Minimum ? new DemandTotal(total.Requests, total.Unmet, Share(total.Unmet, total.Requests)) : null,
            Minimum, suppressed);
    }

    // Each purpose's province cells are hidden as GET /insights/demand?purpose=…&groupBy=province would hide them, so this
    // answer never shows a cell that one hides.
    public async Task<Outcome<UnmetReport>> UnmetAsync(UnmetQuery query, bool english, CancellationToken ct)
    {
        var problems = new List<InvalidParam>();
        CheckDates(query.From, query.To, problems);
        if (problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        var filter = new DemandFilter(Day(query.From), Day(query.To), Channel: query.Channel);
        var rows = await queries.PurposeByProvinceAsync(filter, ct);
        var shown = new List<UnmetCell>();
        var suppressed = 0;
        foreach (var purpose in rows.GroupBy(r => r.Purpose, StringComparer.Ordinal))
        {
            var cells = purpose.Select(r => new CellCount(r.Province, r.Requests, r.Unmet)).ToList();
            var (visible, _) = Suppression.Apply(cells, Minimum);
            suppressed += cells.Count(c => c.Key is not null && c.Unmet > 0 && !visible.Contains(c));
            shown.AddRange(visible.Where(c => c.Key is not null && c.Unmet > 0).Select(c => new UnmetCell(
                purpose.Key, Label(InsightGroupings.Purpose, purpose.Key, true, english), c.Key!, Label(InsightGroupings.Province, c.Key, false, english),
                c.Requests, c.Unmet, Share(c.Unmet, c.Requests))));
        }

        var items = shown.OrderByDescending(c => c.Unmet).ThenByDescending(c => c.UnmetShare)
            .ThenBy(c => c.Purpose, StringComparer.Ordinal).ThenBy(c => c.Province, StringComparer.Ordinal)
            .Take(query.Limit ?? 20).ToList();
        return new UnmetReport(items, Minimum, suppressed);
    }

    public async Task<WordReport> WordsAsync(WordsQuery query, CancellationToken ct)
    {
        var words = await queries.WordsAsync(Minimum, query.Limit ?? 50, ct);
        return new WordReport(words.Select(w => new WordCount(w.Word, w.Events)).ToList(), Minimum);
    }

    // Analysts see every scheme; a publisher only its own provider's, archived ones included.
    public async Task<Outcome<ExposureReport>> ExposureAsync(string id, ExposureQuery query, ClaimsPrincipal user, CancellationToken ct)
    {
        var problems = new List<InvalidParam>();
        CheckDates(query.From, query.To, problems);
        if (problems.Count > 0)
        {
            return ApiError.InvalidParams(problems);
        }

        await using (var connection = await db.OpenAsync(ct))
        {
            var found = await connection.QuerySingleOrDefaultAsync<SchemeOwner>(new CommandDefinition(
                "SELECT provider_id AS ProviderId, document AS Document FROM schemes WHERE id = @id", new { id }, cancellationToken: ct));
            if (found is null)
            {
                return ApiError.NotFound("scheme", id);
            }

            if (!user.IsInRole(Roles.Analyst) && !user.MayPublishFor(found.ProviderId))
            {
                return ApiError.Forbidden($"A publisher key sees the exposure of its own provider's schemes only; '{id}' is another provider's.");
            }

            var title = JsonSerializer.Deserialize<SchemeDocument>(found.Document, CatalogueJson.Options)!.Title;
            var months = (await queries.ExposureAsync(id, Day(query.From), Day(query.To), ct)).ToList();
            var shown = months.Where(m => m.Shown >= Minimum)
                .Select(m => new ExposureMonth(m.Month, m.Shown, m.Top3, Math.Round(m.MeanRank, 2))).ToList();
            return new ExposureReport(id, title, shown, Minimum, months.Count - shown.Count);
        }
    }

    private void CheckDates(DateOnly? from, DateOnly? to, List<InvalidParam> problems)
    {
        if (from > to)
        {
            problems.Add(new InvalidParam("from", "Must not be after to."));
        }

        if (from > time.TodayInAmsterdam())
        {
            problems.Add(new InvalidParam("from", "Must not be in the future: there are no requests yet."));
        }
    }

    private void CheckArea(string? province, string? municipality, List<InvalidParam> problems)
    {
        var snapshot = snapshots.Current;
        if (province is not null && !snapshot.Provinces.ContainsKey(province))
        {
            problems.Add(new InvalidParam("province", "Unknown province; see /v1/provinces."));
        }

        if (municipality is not null)
        {
            if (!snapshot.Municipalities.TryGetValue(municipality, out var found))
            {
                problems.Add(new InvalidParam("municipality", "Unknown municipality; see /v1/municipalities."));
            }
            else if (province is not null && found.ProvinceCode != province)
            {
                problems.Add(new InvalidParam("municipality", $"{found.Name} is not in province {province}; leave one of the two out."));
            }
        }
    }

    private string Label(string groupBy, string? key, bool multiValued, bool english)
    {
        if (key is null)
        {
            return multiValued
                ? (english ? "None asked for or recognised" : "Geen gevraagd of herkend")
                : (english ? "Unknown" : "Onbekend");
        }

        string Term(string list) => codes.ByName[list].FirstOrDefault(t => t.Code == key) is { } term
            ? (english ? term.Label.En ?? term.Label.Nl : term.Label.Nl)
            : key;

        var snapshot = snapshots.Current;
        if (LabelLists.TryGetValue(groupBy, out var labels))
        {
            return Term(labels);
        }

        return groupBy == InsightGroupings.Province ? snapshot.Provinces.GetValueOrDefault(key) ?? key
            : groupBy == InsightGroupings.Municipality ? snapshot.Municipalities.GetValueOrDefault(key)?.Name ?? key
            : groupBy == InsightGroupings.Month ? MonthLabel(key, english)
            : key;
    }

    // The vocabulary list that labels each grouping whose keys are codes.
    private static readonly Dictionary<string, string> LabelLists = new(StringComparer.Ordinal)
    {
        [InsightGroupings.Purpose] = "purposes",
        [InsightGroupings.Theme] = "themes",
        [InsightGroupings.Instrument] = "instruments",
        [InsightGroupings.SizeClass] = "size-classes",
        [InsightGroupings.SbiSection] = "sbi-sections",
        [InsightGroupings.AgeBand] = "company-age-bands",
        [InsightGroupings.Channel] = "channels",
    };

    private static string MonthLabel(string month, bool english) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first.ToString("MMMM yyyy", CultureInfo.GetCultureInfo(english ? "en-GB" : "nl-NL"))
            : month;

    private static double Share(long unmet, long requests) => requests == 0 ? 0 : Math.Round(unmet / (double)requests, 3);

    private static string? Day(DateOnly? day) => day?.ToString(DemandStore.DateFormat, CultureInfo.InvariantCulture);
}
