using System.ComponentModel;
using System.Security.Claims;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Feedback;

public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        // Anyone may report, without a key and from any site (a municipal page, the widget), within a small limit of its own.
        app.MapGroup("/v1/schemes").WithTags("Feedback").RequireCors(HttpConventionsExtensions.CorsPolicy)
            .MapPost("/{id}/feedback", SendFeedback)
            .RequireRateLimiting(FeedbackOptions.RateLimitPolicy)
            .WithName("sendFeedback")
            .WithSummary("Report an error in a scheme record")
            .WithDescription("Anyone may tell the scheme's publisher that something in the record is wrong: { \"message\": \"...\", \"field\": \"funding\" } (field optional). Plain text, 1 to 1,000 characters; newlines are allowed, other control characters are not. Nothing about the sender is stored: no IP address, key or contact details, so do not put personal data in the message. A few reports per minute per client are accepted; more get 429.")
            .Accepts<FeedbackRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesBodyProblems();

        // No CORS policy here: reports are read by publishers' back ends, not by browsers on other sites.
        app.MapGroup("/v1/feedback").WithTags("Feedback").RequireAuthorization(ApiKeyDefaults.PublisherPolicy)
            .MapGet("", ListFeedback)
            .WithName("listFeedback")
            .WithSummary("List reports of errors in scheme records")
            .WithDescription("The reports sent with POST /schemes/{id}/feedback, newest first. A publisher key sees the reports on its own provider's schemes (archived ones included), an admin key every report.")
            .WithQueryRules<FeedbackListQuery>();

        return app;
    }

    public static async Task<Results<Accepted<FeedbackReceiptResponse>, ProblemHttpResult>> SendFeedback(
        [Description("Scheme id (kebab-case), e.g. wbso.")] string id, HttpRequest request, FeedbackRepository feedback, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(request, FeedbackRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (input, problems) = FeedbackRequestReader.Read(document!.RootElement);
            if (problems.Count > 0)
            {
                return ApiProblems.InvalidParams(problems);
            }

            var receipt = await feedback.AddAsync(id, input!, ct);
            return receipt is null ? ApiProblems.NotFound("scheme", id) : TypedResults.Accepted((string?)null, receipt);
        }
    }

    public static async Task<Ok<PagedList<FeedbackResponse>>> ListFeedback(
        [AsParameters] FeedbackListQuery query, HttpContext context, ClaimsPrincipal user, FeedbackRepository feedback, CancellationToken ct)
    {
        // A publisher without a provider would otherwise read everything; it reads nothing.
        var provider = user.IsAdmin() ? null : user.ProviderId() ?? string.Empty;
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        var result = await feedback.ListAsync(provider, query.SchemeId, page, pageSize, ct);
        return TypedResults.Ok(context.ToPage(result.Items, page, pageSize, result.TotalItems));
    }
}
