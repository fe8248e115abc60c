using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Security;
using Matchmaker.Api.Vocabularies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Webhooks;

public sealed record DeliveryListQuery
{
    [FromQuery(Name = "state"), Description("Only deliveries in this state."), CodeList(DeliveryStates.Vocabulary)]
    public string? State { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

public static class WebhookEndpoints
{
    private const string Signing =
        " Deliveries follow Standard Webhooks 1.0: POST with the JSON body { type, timestamp, data } (WebhookMessage) and the headers webhook-id (the same on every retry of an event), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (v1, + base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\" with the base64 part of the whsec_ secret; two space-separated signatures while a rotated secret overlaps). Answer 2xx within 5 seconds; anything else is retried with exponential back-off up to 8 attempts, and 20 failures in a row disable the subscription.";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        // No CORS policy: subscriptions are managed by back ends, and a browser on another site has no business here.
        var subscriptions = app.MapGroup("/v1/subscriptions").WithTags("Webhooks").RequireAuthorization(ApiKeyDefaults.SubscriberPolicy);

        subscriptions.MapPost("", CreateSubscription)
            .WithName("createSubscription")
            .WithSummary("Subscribe a receiver to events")
            .WithDescription("Sends your organisation's events of the chosen types (GET /vocabularies/webhook-events) to an https URL on a public address: loopback, private, link-local and multicast targets, and names that resolve to them, are refused here and again at every delivery, after DNS. Adviser keys with an organisation, publisher keys (their provider is their organisation: scheme.changed for its own schemes, referrals) and admin keys with an organisation. The answer holds the signing secret, once." + Signing)
            .Accepts<SubscriptionRequest>("application/json")
            .ProducesBodyProblems();

        subscriptions.MapGet("", ListSubscriptions)
            .WithName("listSubscriptions")
            .WithSummary("List your organisation's subscriptions")
            .WithDescription("Every subscription of your organisation, oldest first, without secrets.");

        subscriptions.MapGet("/{id}", GetSubscription)
            .WithName("getSubscription")
            .WithSummary("Get a subscription")
            .WithDescription("One subscription of your organisation, without its secret; active is false once it was disabled after failed deliveries.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        subscriptions.MapDelete("/{id}", DeleteSubscription)
            .WithName("deleteSubscription")
            .WithSummary("Delete a subscription")
            .WithDescription("Stops all deliveries to it at once and deletes its delivery log.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        subscriptions.MapGet("/{id}/deliveries", ListDeliveries)
            .WithName("listDeliveries")
            .WithSummary("List a subscription's deliveries")
            .WithDescription("The delivery log, newest first: per event its webhook-id, state, every attempt with the receiver's status code or why it failed (never the receiver's body), and when the next retry is due.")
            .WithQueryRules<DeliveryListQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        subscriptions.MapPost("/{id}/test", TestSubscription)
            .WithName("testSubscription")
            .WithSummary("Send a test message")
            .WithDescription("Sends a webhook.test message to the receiver now, once, signed like every event, and answers with the delivery and its attempt (status code or why it failed). A failed test is not retried and does not count towards disabling; it may be sent to a disabled subscription, to check a receiver before enabling it again.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        subscriptions.MapPost("/{id}/rotate-secret", RotateSubscriptionSecret)
            .WithName("rotateSubscriptionSecret")
            .WithSummary("Rotate a subscription's signing secret")
            .WithDescription("Makes a new secret, shown once in the answer. The previous one keeps signing too until previousSecretValidUntil (24 hours by default): webhook-signature then carries both signatures, so the receiver can switch without losing an event.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        subscriptions.MapPost("/{id}/enable", EnableSubscription)
            .WithName("enableSubscription")
            .WithSummary("Enable a disabled subscription")
            .WithDescription("Turns a subscription that was disabled after failed deliveries on again, with its count of failures reset. Events of the time it was off were not kept for it; read a profile's matches for what changed.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Results<Created<SubscriptionResponse>, ProblemHttpResult>> CreateSubscription(
        HttpRequest request, ClaimsPrincipal user, SubscriptionService subscriptions, CodeLists codes, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(request, SubscriptionRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (input, problems) = SubscriptionRequestReader.Read(document!.RootElement, codes);
            if (problems.Count > 0)
            {
                return ApiProblems.InvalidParams(problems);
            }

            return (await subscriptions.CreateAsync(input!, user, ct)).TryGetValue(out var created, out var error)
                ? TypedResults.Created($"/v1/subscriptions/{created.Id}", created)
                : ApiProblems.Problem(error);
        }
    }

    public static async Task<Results<Ok<ItemList<SubscriptionResponse>>, ProblemHttpResult>> ListSubscriptions(
        ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.ListAsync(user, ct)).TryGetValue(out var list, out var error) ? TypedResults.Ok(list) : ApiProblems.Problem(error);

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> GetSubscription(
        [Description("Subscription id.")] string id, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.GetAsync(id, user, ct)).TryGetValue(out var found, out var error) ? TypedResults.Ok(found) : ApiProblems.Problem(error);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSubscription(
        [Description("Subscription id.")] string id, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.DeleteAsync(id, user, ct)).TryGetValue(out _, out var error) ? TypedResults.NoContent() : ApiProblems.Problem(error);

    public static async Task<Results<Ok<PagedList<DeliveryResponse>>, ProblemHttpResult>> ListDeliveries(
        [Description("Subscription id.")] string id, [AsParameters] DeliveryListQuery query, HttpContext context, ClaimsPrincipal user,
        SubscriptionService subscriptions, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        return (await subscriptions.DeliveriesAsync(id, user, query.State, page, pageSize, ct)).TryGetValue(out var result, out var error)
            ? TypedResults.Ok(context.ToPage(result.Items, page, pageSize, result.TotalItems))
            : ApiProblems.Problem(error);
    }

    public static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> TestSubscription(
        [Description("Subscription id.")] string id, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.TestAsync(id, user, ct)).TryGetValue(out var delivery, out var error) ? TypedResults.Ok(delivery) : ApiProblems.Problem(error);

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> RotateSubscriptionSecret(
        [Description("Subscription id.")] string id, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.RotateSecretAsync(id, user, ct)).TryGetValue(out var rotated, out var error) ? TypedResults.Ok(rotated) : ApiProblems.Problem(error);

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> EnableSubscription(
        [Description("Subscription id.")] string id, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.EnableAsync(id, user, ct)).TryGetValue(out var enabled, out var error) ? TypedResults.Ok(enabled) : ApiProblems.Problem(error);
}
