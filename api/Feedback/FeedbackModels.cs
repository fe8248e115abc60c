using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Feedback;

public sealed class FeedbackOptions
{
    public const string Section = "Feedback";
    public const string RateLimitPolicy = "feedback";

    // Reports per minute per client IP, on top of the general limits; 0 switches this limit off.
    public int PerMinute { get; set; } = 5;
}

// Documents the body for OpenAPI; the body itself is read field by field by FeedbackRequestReader.
[Description("A report of an error in a scheme record. Plain text only; do not include personal data.")]
public sealed record FeedbackRequest(
    [property: Description("What is wrong, and if you know it, what is right (1 to 1,000 characters; newlines allowed, no other control characters).")]
    [property: Required, MinLength(1), MaxLength(FeedbackRequestReader.MaxMessageLength)]
    string Message,
    [property: Description("The field of the scheme that is wrong, as named in GET /schemes/{id}, e.g. funding or applicationWindows[0].closesOn.")]
    [property: MaxLength(FeedbackRequestReader.MaxFieldLength), RegularExpression(FeedbackRequestReader.FieldPattern)]
    string? Field = null);

[Description("The report was received and will be passed to the scheme's publisher.")]
public sealed record FeedbackReceiptResponse(
    [property: Description("Identifier of the report.")] string Id,
    [property: Description("When the report was received (UTC, to the second).")] DateTimeOffset ReceivedAt);

[Description("A report of an error in a scheme record. Nothing about its sender is kept.")]
public sealed record FeedbackResponse(
    [property: Description("Identifier of the report.")] string Id,
    [property: Description("The scheme the report is about.")] string SchemeId,
    [property: Description("The field the sender named, if any.")] string? Field,
    [property: Description("What the sender wrote (plain text; newlines as \\n).")] string Message,
    [property: Description("When the report was received (UTC, to the second).")] DateTimeOffset ReceivedAt);

public sealed record FeedbackListQuery
{
    [FromQuery(Name = "schemeId"), Description("Only the reports on this scheme.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Must be a scheme id in lower kebab-case, e.g. wbso.")]
    [MaxLength(100)]
    public string? SchemeId { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

// What a valid report holds, after newlines are made \n and outer white space is trimmed.
public sealed record FeedbackInput(string Message, string? Field);
