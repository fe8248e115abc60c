using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Http;
using Matchmaker.Api.Vocabularies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Matching;

// The flat query form of a match request, for simple anonymous embeds.
public sealed record MatchQuery
{
    [FromQuery(Name = "kvkNumber"), Description("KVK number (8 digits).")]
    public string? KvkNumber { get; init; }

    [FromQuery(Name = "legalForm"), Description("Legal form code, e.g. bv."), CodeList("legal-forms")]
    public string? LegalForm { get; init; }

    [FromQuery(Name = "sbiCodes"), Description("SBI codes, comma-separated, main activity first.")]
    [MaxLength(200)]
    public string? SbiCodes { get; init; }

    [FromQuery(Name = "employees"), Description("Number of people working in the firm.")]
    [Range(0, 10_000_000)]
    public int? Employees { get; init; }

    [FromQuery(Name = "annualTurnoverEur"), Description("Annual turnover in whole euros.")]
    [Range(0, 1_000_000_000_000)]
    public long? AnnualTurnoverEur { get; init; }

    [FromQuery(Name = "balanceSheetTotalEur"), Description("Balance-sheet total in whole euros.")]
    [Range(0, 1_000_000_000_000)]
    public long? BalanceSheetTotalEur { get; init; }

    [FromQuery(Name = "foundedOn"), Description("Date the firm started (yyyy-MM-dd).")]
    public DateOnly? FoundedOn { get; init; }

    [FromQuery(Name = "municipalityCode"), Description("CBS municipality code, e.g. GM0772.")]
    public string? MunicipalityCode { get; init; }

    [FromQuery(Name = "postcode"), Description("Dutch postcode, e.g. 5611AB.")]
    public string? Postcode { get; init; }

    [FromQuery(Name = "description"), Description("The firm's question in its own words (at most 2,000 characters).")]
    [MaxLength(2000)]
    public string? Description { get; init; }

    [FromQuery(Name = "themes"), Description("Theme codes, comma-separated.")]
    [MaxLength(500)]
    public string? Themes { get; init; }

    [FromQuery(Name = "phase"), Description("The project's phase."), CodeList("phases")]
    public string? Phase { get; init; }

    [FromQuery(Name = "instruments"), Description("Preferred instruments, comma-separated.")]
    [MaxLength(200)]
    public string? Instruments { get; init; }

    [FromQuery(Name = "purposes"), Description("Purpose codes, comma-separated (see /vocabularies/purposes).")]
    [MaxLength(500)]
    public string? Purposes { get; init; }

    [FromQuery(Name = "projectBudgetEur"), Description("Project budget in whole euros.")]
    [Range(0, 1_000_000_000_000)]
    public long? ProjectBudgetEur { get; init; }

    [FromQuery(Name = "asOf"), Description("The date to match for (default today).")]
    public DateOnly? AsOf { get; init; }

    [FromQuery(Name = "limit"), Description("How many matches, 1 to 50."), DefaultValue(10)]
    [Range(1, 50)]
    public int? Limit { get; init; }

    [FromQuery(Name = "includeIneligible"), Description("Also list the schemes the firm cannot get.")]
    public bool? IncludeIneligible { get; init; }

    [FromQuery(Name = "language"), Description("Language of explanations: nl or en.")]
    [AllowedValues("nl", "en")]
    public string? Language { get; init; }

    public MatchRequest ToRequest()
    {
        static List<string>? Split(string? s) => s?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var company = new MatchCompany(LegalForm, Split(SbiCodes), Employees, AnnualTurnoverEur, BalanceSheetTotalEur, FoundedOn, MunicipalityCode, Postcode);
        var need = new MatchNeed(Description, Split(Themes), Phase, Split(Instruments), ProjectBudgetEur, Split(Purposes));
        return new MatchRequest(
            KvkNumber,
            company == new MatchCompany() ? null : company,
            need == new MatchNeed() ? null : need,
            AsOf, Limit, IncludeIneligible, Language);
    }
}

public static class MatchEndpoints
{
    public static RouteGroupBuilder MapMatching(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/matches").WithTags("Matching").RequireCors(HttpConventionsExtensions.CorsPolicy);

        group.MapPost("", PostMatches)
            .WithName("rankMatches")
            .WithSummary("Rank the schemes that fit a firm")
            .WithDescription("Takes a firm profile and its need in its own words (Dutch or English) and returns the schemes that fit, best first, with the outcome per eligibility criterion, the parts of the score and the next question to ask. Ineligible schemes never appear in matches. With kvkNumber (adviser key required) the profile is filled from the KVK register; company.postcode is resolved through PDOK for anyone. Facts in company win over KVK's.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<MatchRequest>("application/json")
            .ProducesBodyProblems();

        group.MapGet("", GetMatches)
            .WithName("rankMatchesByQuery")
            .WithSummary("Rank the schemes that fit a firm (query form)")
            .WithDescription("The same as POST /matches with flat query keys, for simple anonymous embeds; lists are comma-separated. Answers may be cached for five minutes.")
            .WithQueryRules<MatchQuery>();

        return group;
    }

    public static async Task<Results<MatchAnswer, ProblemHttpResult>> PostMatches(
        HttpRequest request, ClaimsPrincipal user, MatchService matcher, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, JsonBody.MatchMaxBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await matcher.MatchAsync(body!.AsObject(), static name => name, request.Headers.AcceptLanguage, user, ct);
    }

    public static async Task<Results<MatchAnswer, ProblemHttpResult>> GetMatches(
        [AsParameters] MatchQuery query, HttpContext context, MatchService matcher, CancellationToken ct)
    {
        // The query middleware has checked each key's type and length; the request they make is validated like a body.
        var body = JsonSerializer.SerializeToNode(query.ToRequest(), CatalogueJson.Options)!.AsObject();
        var result = await matcher.MatchAsync(body, QueryName, context.Request.Headers.AcceptLanguage, context.User, ct);
        if (result.Result is MatchAnswer)
        {
            context.Response.Headers.CacheControl = "public, max-age=300";
        }

        return result;
    }

    // "company.sbiCodes[1]" in a body is "sbiCodes" in the query form.
    private static string QueryName(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        var key = bracket >= 0 ? last[..bracket] : last;
        return key == "body" ? "query" : key;
    }
}
