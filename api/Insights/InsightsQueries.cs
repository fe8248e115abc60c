using System.Collections.Frozen;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Insights;

// The filters of every insights query; dates as yyyy-MM-dd text, as the events are stored.
public sealed record DemandFilter(string? From, string? To, string? Province = null, string? Municipality = null, string? Purpose = null, string? Channel = null);

// Aggregate rows are read by property name, not by constructor: with no rows SQLite cannot tell an expression's type,
// and Dapper would refuse a constructor whose types it cannot match.
public sealed record ExposureRow
{
    public string Month { get; init; } = "";

    public long Shown { get; init; }

    public long Top3 { get; init; }

    public double MeanRank { get; init; }
}

public sealed record PurposeProvinceRow
{
    public string Purpose { get; init; } = "";

    public string? Province { get; init; }

    public long Requests { get; init; }

    public long Unmet { get; init; }
}

public sealed record CellRow
{
    public string? Key { get; init; }

    public long Requests { get; init; }

    public long Unmet { get; init; }
}

// The read side of the insights: aggregates straight from the events, before any suppression (InsightsService applies
// it to every cell). One fixed statement per grouping; the grouping only picks which.
public sealed class InsightsQueries(Database db)
{
    private const string Filter =
        """
        WHERE (@From IS NULL OR e.day >= @From) AND (@To IS NULL OR e.day <= @To)
          AND (@Province IS NULL OR e.province = @Province) AND (@Municipality IS NULL OR e.municipality = @Municipality)
          AND (@Channel IS NULL OR e.channel = @Channel)
          AND (@Purpose IS NULL OR EXISTS (SELECT 1 FROM demand_event_codes f WHERE f.event_id = e.id AND f.kind = @PurposeKind AND f.code = @Purpose))
        """;

    // Purposes, themes and instruments: an event counts once under each code it has, and once under '' when it has none
    // (not NULL: SQLite would type a NULL-only column as bytes).
    private const string ByCode =
        "SELECT c.code AS Key, COUNT(*) AS Requests, CAST(SUM(e.unmet) AS BIGINT) AS Unmet " +
        "FROM demand_events e JOIN demand_event_codes c ON c.event_id = e.id AND c.kind = @Kind " + Filter + " GROUP BY c.code " +
        "UNION ALL " +
        "SELECT '', COUNT(*), CAST(COALESCE(SUM(e.unmet), 0) AS BIGINT) FROM demand_events e " + Filter +
        " AND NOT EXISTS (SELECT 1 FROM demand_event_codes c WHERE c.event_id = e.id AND c.kind = @Kind)";

    private static string ByColumn(string column) =>
        $"SELECT e.{column} AS Key, COUNT(*) AS Requests, CAST(SUM(e.unmet) AS BIGINT) AS Unmet FROM demand_events e {Filter} GROUP BY e.{column}";

    // Grouping code (data/vocabularies.json insight-groupings) -> the statement and the code kind it reads.
    public static readonly FrozenDictionary<string, (string Sql, string? Kind)> Groupings = new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
    {
        [InsightGroupings.Purpose] = (ByCode, InsightGroupings.Purpose),
        [InsightGroupings.Theme] = (ByCode, InsightGroupings.Theme),
        [InsightGroupings.Instrument] = (ByCode, InsightGroupings.Instrument),
        [InsightGroupings.Province] = (ByColumn("province"), null),
        [InsightGroupings.Municipality] = (ByColumn("municipality"), null),
        [InsightGroupings.SizeClass] = (ByColumn("size_class"), null),
        [InsightGroupings.SbiSection] = (ByColumn("sbi_section"), null),
        [InsightGroupings.AgeBand] = (ByColumn("age_band"), null),
        [InsightGroupings.Month] = (ByColumn("month"), null),
        [InsightGroupings.Channel] = (ByColumn("channel"), null),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public async Task<IReadOnlyList<CellCount>> CellsAsync(string groupBy, DemandFilter filter, CancellationToken ct)
    {
        var (sql, kind) = Groupings[groupBy];
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<CellRow>(new CommandDefinition(sql, Parameters(filter, kind), cancellationToken: ct)))
            .Select(c => new CellCount(c.Key is "" ? null : c.Key, c.Requests, c.Unmet)).ToList();
    }

    public async Task<CellCount> TotalAsync(DemandFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (requests, unmet) = await connection.QuerySingleAsync<(long Requests, long Unmet)>(new CommandDefinition(
            "SELECT COUNT(*) AS Requests, CAST(COALESCE(SUM(e.unmet), 0) AS BIGINT) AS Unmet FROM demand_events e " + Filter,
            Parameters(filter, null), cancellationToken: ct));
        return new CellCount(null, requests, unmet);
    }

    // Every purpose × province cell (province null: not known), for the unmet needs.
    public async Task<IReadOnlyList<PurposeProvinceRow>> PurposeByProvinceAsync(DemandFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PurposeProvinceRow>(new CommandDefinition(
            "SELECT c.code AS Purpose, e.province AS Province, COUNT(*) AS Requests, CAST(SUM(e.unmet) AS BIGINT) AS Unmet " +
            "FROM demand_events e JOIN demand_event_codes c ON c.event_id = e.id AND c.kind = @PurposeKind " + Filter + " GROUP BY c.code, e.province",
            Parameters(filter, null), cancellationToken: ct))).ToList();
    }

    // Only words whose count reached the minimum are stored in clear; the count is checked again in case the minimum rose.
    public async Task<IReadOnlyList<(string Word, long Events)>> WordsAsync(int minimum, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(string Word, long Events)>(new CommandDefinition(
            "SELECT word, events FROM demand_words WHERE word IS NOT NULL AND events >= @minimum ORDER BY events DESC, word LIMIT @limit",
            new { minimum = (long)minimum, limit = (long)limit }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<ExposureRow>> ExposureAsync(string schemeId, string? from, string? to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ExposureRow>(new CommandDefinition(
            """
            SELECT month AS Month, CAST(SUM(shown) AS BIGINT) AS Shown, CAST(SUM(top3) AS BIGINT) AS Top3,
                   CAST(SUM(rank_sum) AS DOUBLE PRECISION) / SUM(shown) AS MeanRank
            FROM demand_scheme_days
            WHERE scheme_id = @schemeId AND (@from IS NULL OR day >= @from) AND (@to IS NULL OR day <= @to)
            GROUP BY month
            ORDER BY month
            """,
            new { schemeId, from, to }, cancellationToken: ct))).ToList();
    }

    private static DynamicParameters Parameters(DemandFilter filter, string? kind)
    {
        var p = new DynamicParameters();
        p.Add("From", filter.From, System.Data.DbType.String);
        p.Add("To", filter.To, System.Data.DbType.String);
        p.Add("Province", filter.Province, System.Data.DbType.String);
        p.Add("Municipality", filter.Municipality, System.Data.DbType.String);
        p.Add("Purpose", filter.Purpose, System.Data.DbType.String);
        p.Add("Channel", filter.Channel, System.Data.DbType.String);
        p.Add("PurposeKind", InsightGroupings.Purpose, System.Data.DbType.String);
        if (kind is not null)
        {
            p.Add("Kind", kind, System.Data.DbType.String);
        }

        return p;
    }
}
