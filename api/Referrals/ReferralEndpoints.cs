using System.ComponentModel;
using System.Security.Claims;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Referrals;

public static class ReferralEndpoints
{
    private const string Privacy =
        " Only the sending organisation's adviser keys and the receiving provider's publisher keys see a referral; for every other key, admin included, it does not exist (404).";

    public static IEndpointRouteBuilder MapReferrals(this IEndpointRouteBuilder app)
    {
        // Sending is open to the widget on any site (CORS, no key, its own small limit) and to advisers' back ends with a key.
        var open = app.MapGroup("/v1/referrals").WithTags("Referrals").RequireCors(HttpConventionsExtensions.CorsPolicy);
        open.MapPost("", SendReferral)
            .RequireRateLimiting(ReferralOptions.RateLimitPolicy)
            .WithName("sendReferral")
            .WithSummary("Refer a firm to the provider of a scheme")
            .WithDescription("A warm hand-off with the firm's explicit consent (consent must be true): the firm (kvkNumber, companyName and company facts as in a match request, all optional), its contact person, and a message go to the scheme's provider, which must accept referrals (GET /referrals/providers). With an adviser key of an organisation the organisation follows the referral; without a key (the widget) only the provider sees it, and name and e-mail address are not verified: the provider confirms them by e-mail itself. Without a key a few referrals per minute per client are accepted. Contact data and the message are never logged, and are removed a retention period after the referral is closed.")
            .Accepts<ReferralRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesBodyProblems();

        open.MapGet("/providers", ListAcceptingProviders)
            .WithName("listReferralProviders")
            .WithSummary("List the providers that accept referrals")
            .WithDescription("The ids of the providers that take referrals through this installation (each provider's own setting), e.g. for the widget's 'Get help from ...' button.");

        open.MapGet("/stats", GetReferralStats)
            .WithName("getReferralStats")
            .WithSummary("Referral handling per provider")
            .WithDescription("Per provider, for the referrals received in the period (by day, Europe/Amsterdam): how many, the share first answered within 5 working days (Dutch public holidays of the Algemene termijnenwet excluded), the median calendar days to the first answer and to closing, and the outcomes. Public and aggregated: a provider with fewer referrals than minimumCellSize in the period is left out (suppressedProviders counts them), and no count below it is shown (null, suppressed).")
            .WithQueryRules<ReferralStatsQuery>();

        // Reading and answering need a key; who sees what is decided per referral, so other keys get 404, not 403.
        var keyed = app.MapGroup("/v1/referrals").WithTags("Referrals").RequireAuthorization(ReferralOptions.KeyPolicy);
        keyed.MapGet("", ListReferrals)
            .WithName("listReferrals")
            .WithSummary("List your referrals")
            .WithDescription("A provider's inbox (publisher key, direction received) or an organisation's sent referrals (adviser key with an organisation, direction sent), newest first, optionally with one status; paged." + Privacy)
            .WithQueryRules<ReferralListQuery>();

        keyed.MapGet("/{id}", GetReferral)
            .WithName("getReferral")
            .WithSummary("Get one referral with its history")
            .WithDescription("The referral with its contact data (until removed after the retention period), every step (status moves, outcome, notes) and the events raised for either side." + Privacy)
            .ProducesProblem(StatusCodes.Status404NotFound);

        keyed.MapPost("/{id}/events", AddReferralEvent)
            .WithName("addReferralEvent")
            .WithSummary("Answer a referral: move its status or add a note")
            .WithDescription("The receiving provider moves the status forward (received, accepted, in-progress, closed; steps may be skipped, nothing follows closed) and must give an outcome when closing; either side may add a note. A wrong move is 409. The other side gets a referral.updated event." + Privacy)
            .Accepts<ReferralEventRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesBodyProblems();

        var settings = app.MapGroup("/v1/providers/{id}/referral-settings").WithTags("Referrals");
        settings.MapGet("", GetReferralSettings)
            .RequireCors(HttpConventionsExtensions.CorsPolicy)
            .WithName("getReferralSettings")
            .WithSummary("Whether a provider accepts referrals")
            .WithDescription("Taking referrals is agreed per installation: no provider accepts until its publisher (or an admin) says so.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        settings.MapPut("", PutReferralSettings)
            .RequireAuthorization(ApiKeyDefaults.PublisherPolicy)
            .WithName("putReferralSettings")
            .WithSummary("Say whether a provider accepts referrals")
            .WithDescription("{ \"accepts\": true } with a publisher key of this provider, or an admin key.")
            .Accepts<ReferralSettingsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesBodyProblems();

        return app;
    }

    public static async Task<Results<Created<ReferralReceiptResponse>, ProblemHttpResult>> SendReferral(
        HttpRequest request, ClaimsPrincipal user, ReferralService referrals, CancellationToken ct)
    {
        if (!ReferralService.SenderOf(user, request.Headers.ContainsKey(ApiKeyDefaults.Header)).TryGetValue(out var sender, out var refused))
        {
            return ApiProblems.Problem(refused);
        }

        var (document, problem) = await JsonBody.ReadDocumentAsync(request, ReferralRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (input, problems) = referrals.Read(document!.RootElement);
            if (input is null)
            {
                return ApiProblems.InvalidParams(problems);
            }

            return (await referrals.CreateAsync(input, sender, ct)).TryGetValue(out var receipt, out var error)
                ? TypedResults.Created($"{ApiInfo.MajorPath}/referrals/{receipt.Id}", receipt)
                : ApiProblems.Problem(error);
        }
    }

    public static async Task<Results<Ok<PagedList<ReferralSummaryResponse>>, ProblemHttpResult>> ListReferrals(
        [AsParameters] ReferralListQuery query, HttpContext context, ClaimsPrincipal user, ReferralService referrals, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        var result = await referrals.ListAsync(ReferralService.ViewerOf(user), query.Direction, query.Status, page, pageSize, ct);
        return result.TryGetValue(out var items, out var error)
            ? TypedResults.Ok(context.ToPage(items.Items, page, pageSize, items.TotalItems))
            : ApiProblems.Problem(error);
    }

    public static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetReferral(
        [Description("Referral id.")] string id, ClaimsPrincipal user, ReferralService referrals, CancellationToken ct) =>
        (await referrals.GetAsync(ReferralService.ViewerOf(user), id, ct)).TryGetValue(out var referral, out var error)
            ? TypedResults.Ok(referral)
            : ApiProblems.Problem(error);

    public static async Task<Results<Created<ReferralResponse>, ProblemHttpResult>> AddReferralEvent(
        [Description("Referral id.")] string id, HttpRequest request, ClaimsPrincipal user, ReferralService referrals, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(request, ReferralRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (change, problems) = referrals.ReadEvent(document!.RootElement);
            if (change is null)
            {
                return ApiProblems.InvalidParams(problems);
            }

            return (await referrals.AddEventAsync(ReferralService.ViewerOf(user), id, change, ct)).TryGetValue(out var referral, out var error)
                ? TypedResults.Created($"{ApiInfo.MajorPath}/referrals/{referral.Id}", referral)
                : ApiProblems.Problem(error);
        }
    }

    public static async Task<Ok<AcceptingProvidersResponse>> ListAcceptingProviders(ReferralService referrals, CancellationToken ct) =>
        TypedResults.Ok(new AcceptingProvidersResponse(await referrals.AcceptingAsync(ct)));

    public static async Task<Results<Ok<ReferralStatsResponse>, ProblemHttpResult>> GetReferralStats(
        [AsParameters] ReferralStatsQuery query, ReferralStats stats, CancellationToken ct) =>
        (await stats.ComputeAsync(query.Provider, query.From, query.To, ct)).TryGetValue(out var result, out var error)
            ? TypedResults.Ok(result)
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<ReferralSettingsResponse>, ProblemHttpResult>> GetReferralSettings(
        [Description("Provider id (kebab-case), e.g. rvo.")] string id, ReferralService referrals, CancellationToken ct) =>
        (await referrals.SettingsAsync(id, ct)).TryGetValue(out var settings, out var error)
            ? TypedResults.Ok(settings)
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<ReferralSettingsResponse>, ProblemHttpResult>> PutReferralSettings(
        [Description("Provider id (kebab-case), e.g. rvo.")] string id, HttpRequest request, ClaimsPrincipal user, ReferralService referrals,
        CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(request, ReferralRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (accepts, problems) = ReferralRequestReader.ReadSettings(document!.RootElement);
            if (accepts is null)
            {
                return ApiProblems.InvalidParams(problems);
            }

            return (await referrals.SetSettingsAsync(user, id, accepts.Value, ct)).TryGetValue(out var settings, out var error)
                ? TypedResults.Ok(settings)
                : ApiProblems.Problem(error);
        }
    }
}
