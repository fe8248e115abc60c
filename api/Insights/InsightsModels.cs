using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Insights;

public sealed record DemandQuery
{
    [FromQuery(Name = "from"), Description("First day counted (yyyy-MM-dd); default: the oldest event kept.")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("Last day counted (yyyy-MM-dd); default: today.")]
    public DateOnly? To { get; init; }

    [FromQuery(Name = "province"), Description("Only requests of firms in this province (CBS code, e.g. PV27).")]
    [RegularExpression("^PV[0-9]{2}$", ErrorMessage = "Must be a CBS province code, PV20 to PV31.")]
    public string? Province { get; init; }

    [FromQuery(Name = "municipality"), Description("Only requests of firms in this municipality (CBS code, e.g. GM0363).")]
    [RegularExpression("^GM[0-9]{4}$", ErrorMessage = "Must be a CBS municipality code, e.g. GM0363.")]
    public string? Municipality { get; init; }

    [FromQuery(Name = "purpose"), Description("Only requests with this purpose, asked for or recognised."), CodeList("purposes")]
    public string? Purpose { get; init; }

    [FromQuery(Name = "channel"), Description("Only requests that came this way."), CodeList("channels")]
    public string? Channel { get; init; }

    [FromQuery(Name = "groupBy"), Description("What to count by."), CodeList("insight-groupings")]
    public string? GroupBy { get; init; }

    [FromQuery(Name = "language"), Description("Language of the labels: nl (default) or en.")]
    [AllowedValues("nl", "en")]
    public string? Language { get; init; }
}

public sealed record UnmetQuery
{
    [FromQuery(Name = "from"), Description("First day counted (yyyy-MM-dd); default: the oldest event kept.")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("Last day counted (yyyy-MM-dd); default: today.")]
    public DateOnly? To { get; init; }

    [FromQuery(Name = "channel"), Description("Only requests that came this way."), CodeList("channels")]
    public string? Channel { get; init; }

    [FromQuery(Name = "limit"), Description("How many cells, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? Limit { get; init; }

    [FromQuery(Name = "language"), Description("Language of the labels: nl (default) or en.")]
    [AllowedValues("nl", "en")]
    public string? Language { get; init; }
}

public sealed record WordsQuery
{
    [FromQuery(Name = "limit"), Description("How many words, 1 to 100."), DefaultValue(50)]
    [Range(1, 100)]
    public int? Limit { get; init; }
}

public sealed record ExposureQuery
{
    [FromQuery(Name = "from"), Description("First day counted (yyyy-MM-dd); default: the oldest event kept.")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("Last day counted (yyyy-MM-dd); default: today.")]
    public DateOnly? To { get; init; }
}

[Description("One group of requests.")]
public sealed record DemandCell(
    [property: Description("The group: a purpose, theme or instrument code, a CBS province or municipality code, a size class, an SBI section letter, an age band, a month (yyyy-MM) or a channel; unknown when the request did not say, none when no code was asked for or recognised.")] string Key,
    [property: Description("The group's name in the request's language.")] string Label,
    [property: Description("Answered match requests in the group (at least minimumCellSize).")] long Requests,
    [property: Description("Of those, how many found no open, upcoming or expected scheme the firm may get.")] long Unmet,
    [property: Description("unmet / requests, rounded to 3 decimals.")] double UnmetShare);

[Description("All requests that pass the filters.")]
public sealed record DemandTotal(
    [property: Description("Answered match requests.")] long Requests,
    [property: Description("Of those, how many found no open, upcoming or expected scheme the firm may get.")] long Unmet,
    [property: Description("unmet / requests, rounded to 3 decimals.")] double UnmetShare);

[Description("Demand for support, counted per group. A group with fewer than minimumCellSize requests is never shown (suppressedCells counts them), and when the hidden groups together hold fewer, the smallest shown groups are hidden too, so the total cannot reveal a small group.")]
public sealed record DemandReport(
    [property: Description("What the requests are counted by."), CodeList("insight-groupings")] string GroupBy,
    [property: Description("The groups shown, most requests first (months in order).")] IReadOnlyList<DemandCell> Items,
    [property: Description("All requests that pass the filters; absent when fewer than minimumCellSize.")] DemandTotal? Total,
    [property: Description("The smallest number of requests a group must have to be shown.")] int MinimumCellSize,
    [property: Description("How many groups are hidden.")] int SuppressedCells);

[Description("A purpose in a province with requests that found no fitting scheme.")]
public sealed record UnmetCell(
    [property: Description("The purpose."), CodeList("purposes")] string Purpose,
    [property: Description("The purpose's label in the request's language.")] string PurposeLabel,
    [property: Description("CBS province code.")] string Province,
    [property: Description("Province name.")] string ProvinceLabel,
    [property: Description("Answered match requests with this purpose in this province (at least minimumCellSize).")] long Requests,
    [property: Description("Of those, how many found no open, upcoming or expected scheme the firm may get.")] long Unmet,
    [property: Description("unmet / requests, rounded to 3 decimals.")] double UnmetShare);

[Description("The purpose × province cells with the most unmet requests; cells are hidden exactly as GET /insights/demand?purpose=…&groupBy=province hides them.")]
public sealed record UnmetReport(
    [property: Description("Most unmet requests first.")] IReadOnlyList<UnmetCell> Items,
    [property: Description("The smallest number of requests a cell must have to be shown.")] int MinimumCellSize,
    [property: Description("How many purpose × province cells with unmet requests are hidden.")] int SuppressedCells);

[Description("A word of firms' questions that matching did not recognise.")]
public sealed record WordCount(
    [property: Description("The word, lower case, without diacritics.")] string Word,
    [property: Description("How many requests used it (each sender counted once a day).")] long Requests);

[Description("Frequent words of firms' questions that matching did not recognise. A word is stored, and shown, only once at least minimumCellSize requests used it.")]
public sealed record WordReport(
    [property: Description("Most used first.")] IReadOnlyList<WordCount> Items,
    [property: Description("The smallest number of requests a word must have to be shown.")] int MinimumCellSize);

[Description("How often a scheme was shown in one month.")]
public sealed record ExposureMonth(
    [property: Description("The month, yyyy-MM.")] string Month,
    [property: Description("Answered match requests that showed the scheme (at least minimumCellSize).")] long Shown,
    [property: Description("Of those, how many showed it in the top 3.")] long Top3,
    [property: Description("Its mean rank where shown, rounded to 2 decimals.")] double MeanRank);

[Description("How often a scheme was shown in match answers, per month.")]
public sealed record ExposureReport(
    [property: Description("The scheme.")] string SchemeId,
    [property: Description("Its title.")] LocalizedText Title,
    [property: Description("Months with at least minimumCellSize requests that showed it, in order.")] IReadOnlyList<ExposureMonth> Items,
    [property: Description("The smallest number of requests a month must have to be shown.")] int MinimumCellSize,
    [property: Description("How many months are hidden.")] int SuppressedCells);
