using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Matchmaker.Api.Vocabularies;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Catalogue;

public sealed record SchemeListQuery
{
    [FromQuery(Name = "level"), Description("Only schemes of this level.")]
    [CodeList("levels")]
    public string? Level { get; init; }

    [FromQuery(Name = "instrument"), Description("Only schemes of this instrument.")]
    [CodeList("instruments")]
    public string? Instrument { get; init; }

    [FromQuery(Name = "theme"), Description("Only schemes with this theme code (see /vocabularies/themes).")]
    [CodeList("themes")]
    public string? Theme { get; init; }

    [FromQuery(Name = "provider"), Description("Only schemes of this provider id, e.g. rvo or provincie-noord-brabant.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Must be a provider id in lower kebab-case, e.g. rvo.")]
    [MaxLength(100)]
    public string? Provider { get; init; }

    [FromQuery(Name = "province"), Description("Only schemes a firm in this province (CBS code PV20-PV31) can use, national ones included.")]
    [RegularExpression("^PV(2[0-9]|3[01])$", ErrorMessage = "Must be a CBS province code PV20 to PV31.")]
    public string? Province { get; init; }

    [FromQuery(Name = "municipality"), Description("Only schemes a firm in this municipality (CBS code GM####) can use: its own, its province's and national ones.")]
    [RegularExpression("^GM[0-9]{4}$", ErrorMessage = "Must be a CBS municipality code: GM followed by four digits.")]
    public string? Municipality { get; init; }

    [FromQuery(Name = "status"), Description("Only schemes with this status today (see /vocabularies/statuses).")]
    [CodeList("statuses")]
    public string? Status { get; init; }

    [FromQuery(Name = "purpose"), Description("Only schemes that serve this purpose (see /vocabularies/purposes).")]
    [CodeList("purposes")]
    public string? Purpose { get; init; }

    [FromQuery(Name = "search"), Description("Words to look for in titles, summaries and keywords, Dutch or English; every word must match (as a prefix).")]
    [MaxLength(200)]
    public string? Search { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

public sealed record PageQuery
{
    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 500."), DefaultValue(100)]
    [Range(1, 500)]
    public int? PageSize { get; init; }
}
