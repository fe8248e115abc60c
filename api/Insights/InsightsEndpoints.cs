using System.ComponentModel;
using System.Security.Claims;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Insights;

public static class InsightsEndpoints
{
    public const string AnalystPolicy = "analyst";
    public const string ExposurePolicy = "insights-exposure";

    private const string Suppressed =
        " A cell with fewer than minimumCellSize requests (Insights__MinimumCellSize, default 10) is never shown; suppressedCells counts the hidden ones.";

    // No CORS policy: the insights are read by analysts' own tools and the /insights page of this service, not by other sites.
    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/insights").WithTags("Insights");
        group.MapGet("/demand", GetDemand)
            .RequireAuthorization(AnalystPolicy)
            .WithName("getDemandInsights")
            .WithSummary("Count what firms ask for")
            .WithDescription("Answered match requests (POST and GET, widget and adviser tools included) counted by purpose, theme, instrument, province, municipality, size class, SBI section, company age, month or channel, with how many found no open, upcoming or expected scheme the firm may get (unmet). Filters: from, to, province, municipality, purpose, channel. Nothing in the counts identifies a firm: no description, KVK number, postcode, address or key is kept." + Suppressed + " When the hidden cells together hold fewer requests than the minimum, the smallest shown cells are hidden too, so total minus the shown cells never reveals a small cell. An analyst (or admin) key is needed.")
            .WithQueryRules<DemandQuery>();
        group.MapGet("/unmet", GetUnmet)
            .RequireAuthorization(AnalystPolicy)
            .WithName("getUnmetInsights")
            .WithSummary("Find where no scheme fits")
            .WithDescription("The purpose × province cells with the most requests that found no open, upcoming or expected scheme the firm may get, most unmet first. Filters: from, to, channel." + Suppressed + " Cells are hidden exactly as getDemandInsights with purpose and groupBy=province hides them. An analyst (or admin) key is needed.")
            .WithQueryRules<UnmetQuery>();
        group.MapGet("/words", GetWords)
            .RequireAuthorization(AnalystPolicy)
            .WithName("getUnrecognisedWords")
            .WithSummary("List frequent words matching did not recognise")
            .WithDescription("Words of firms' questions that are no purpose word, lexicon term or word of any scheme, with how many requests used them (each sender once a day). Until at least minimumCellSize requests used a word only a keyed hash of it is stored, so a name or e-mail address one firm typed is never kept or shown. An analyst (or admin) key is needed.")
            .WithQueryRules<WordsQuery>();
        group.MapGet("/schemes/{id}", GetSchemeExposure)
            .RequireAuthorization(ExposurePolicy)
            .WithName("getSchemeExposure")
            .WithSummary("See how often a scheme is shown")
            .WithDescription("Per month: how many answered match requests showed the scheme, how many in the top 3, and its mean rank." + Suppressed + " An analyst or admin key sees every scheme; a publisher key its own provider's schemes only (archived ones included).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithQueryRules<ExposureQuery>();
        app.MapInsightsPage();
        return app;
    }

    public static async Task<Results<Ok<DemandReport>, ProblemHttpResult>> GetDemand(
        [AsParameters] DemandQuery query, HttpRequest request, InsightsService insights, CancellationToken ct) =>
        (await insights.DemandAsync(query, English(query.Language, request.Headers.AcceptLanguage), ct)).TryGetValue(out var report, out var error)
            ? TypedResults.Ok(report)
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<UnmetReport>, ProblemHttpResult>> GetUnmet(
        [AsParameters] UnmetQuery query, HttpRequest request, InsightsService insights, CancellationToken ct) =>
        (await insights.UnmetAsync(query, English(query.Language, request.Headers.AcceptLanguage), ct)).TryGetValue(out var report, out var error)
            ? TypedResults.Ok(report)
            : ApiProblems.Problem(error);

    public static async Task<Ok<WordReport>> GetWords([AsParameters] WordsQuery query, InsightsService insights, CancellationToken ct) =>
        TypedResults.Ok(await insights.WordsAsync(query, ct));

    public static async Task<Results<Ok<ExposureReport>, ProblemHttpResult>> GetSchemeExposure(
        [Description("Scheme id (kebab-case), e.g. wbso.")] string id, [AsParameters] ExposureQuery query, ClaimsPrincipal user, InsightsService insights,
        CancellationToken ct) =>
        (await insights.ExposureAsync(id, query, user, ct)).TryGetValue(out var report, out var error)
            ? TypedResults.Ok(report)
            : ApiProblems.Problem(error);

    private static bool English(string? language, StringValues acceptLanguage) =>
        language == "en" || (language is null && acceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase));
}
