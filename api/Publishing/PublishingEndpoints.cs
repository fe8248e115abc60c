using System.ComponentModel;
using System.Security.Claims;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Publishing;

public sealed record ImportQuery
{
    [FromQuery(Name = "dryRun"), Description("Only validate and report; write nothing.")]
    public bool? DryRun { get; init; }
}

public static class PublishingEndpoints
{
    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder app)
    {
        // No CORS policy here: writes are for publishers' back ends, not for browsers on other sites.
        var schemes = app.MapGroup("/v1/schemes").WithTags("Publishing").RequireAuthorization(ApiKeyDefaults.PublisherPolicy);

        schemes.MapPost("", CreateScheme)
            .WithName("createScheme")
            .WithSummary("Publish a new scheme")
            .WithDescription("Creates a scheme for the provider of your publisher key (admin: any provider). The body follows data/catalogue.schema.json; every problem is listed at once. Answers with the stored scheme and its ETag.")
            .Accepts<SchemeDocument>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesBodyProblems();

        schemes.MapPut("/{id}", UpdateScheme)
            .WithName("updateScheme")
            .WithSummary("Change a scheme")
            .WithDescription("Replaces a scheme. Send If-Match with the ETag from GET /schemes/{id}: without it 428, with an old one 412, so a change is never lost. Every change bumps version and keeps the previous revision.")
            .Accepts<SchemeDocument>("application/json")
            .ProducesConditionalWriteProblems();

        schemes.MapDelete("/{id}", ArchiveScheme)
            .WithName("archiveScheme")
            .WithSummary("Archive a scheme")
            .WithDescription("Takes a scheme out of lists and matching; it is never physically deleted and its history stays available. If-Match is optional; a stale one gives 412.")
            .ProducesConditionalDeleteProblems();

        schemes.MapGet("/{id}/revisions", ListRevisions)
            .WithName("listSchemeRevisions")
            .WithSummary("List a scheme's revisions")
            .WithDescription("Every stored version of a scheme, newest first, with who wrote it and when; archived schemes included. Only for the scheme's own provider (publisher key) and admins; another provider's key gets 403, as for writes.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup("/v1/imports").WithTags("Publishing").RequireAuthorization(ApiKeyDefaults.PublisherPolicy)
            .MapPost("", Import)
            .WithName("importSchemes")
            .WithSummary("Import schemes in bulk")
            .WithDescription("Creates or updates every scheme in { \"schemes\": [...] } in one transaction: all or nothing. A publisher key imports only its own provider's schemes. With dryRun=true nothing is written. Up to 50 MiB.")
            .WithQueryRules<ImportQuery>()
            .Accepts<ImportRequest>("application/json")
            .ProducesBodyProblems();

        return app;
    }

    // The writer answers in domain terms; here its errors become problems and its results HTTP answers with their headers.
    public static async Task<Results<Created<SchemeResponse>, ProblemHttpResult>> CreateScheme(
        HttpRequest request, ClaimsPrincipal user, SchemeWriter writer, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, JsonBody.SchemeMaxBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!(await writer.CreateAsync(body!, user, ct)).TryGetValue(out var stored, out var error))
        {
            return ApiProblems.Problem(error);
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return TypedResults.Created($"/v1/schemes/{stored.Scheme.Id}", stored.Scheme);
    }

    public static async Task<Results<Ok<SchemeResponse>, ProblemHttpResult>> UpdateScheme(
        [Description("Scheme id.")] string id, HttpRequest request, ClaimsPrincipal user, SchemeWriter writer, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, JsonBody.SchemeMaxBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!(await writer.UpdateAsync(id, request.IfMatch(), body!, user, ct)).TryGetValue(out var stored, out var error))
        {
            return ApiProblems.Problem(error);
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return TypedResults.Ok(stored.Scheme);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ArchiveScheme(
        [Description("Scheme id.")] string id, HttpRequest request, ClaimsPrincipal user, SchemeWriter writer, CancellationToken ct) =>
        (await writer.ArchiveAsync(id, request.IfMatch(), user, ct)).TryGetValue(out _, out var error)
            ? TypedResults.NoContent()
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<ItemList<RevisionResponse>>, ProblemHttpResult>> ListRevisions(
        [Description("Scheme id.")] string id, ClaimsPrincipal user, SchemeWriter writer, CancellationToken ct) =>
        (await writer.RevisionsAsync(id, user, ct)).TryGetValue(out var revisions, out var error)
            ? TypedResults.Ok(revisions)
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Import(
        [AsParameters] ImportQuery query, HttpRequest request, ClaimsPrincipal user, SchemeWriter writer, CancellationToken ct)
    {
        var (items, problem) = await JsonBody.ReadItemsAsync(request, "schemes", JsonBody.ImportMaxBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        // The body and the records made from it are garbage only once the answer is sent.
        var records = items!.Count;
        request.HttpContext.Response.OnCompleted(() =>
        {
            HeapCompaction.AfterLargeWork(records);
            return Task.CompletedTask;
        });

        return (await writer.ImportAsync(items!, query.DryRun == true, user, ct)).TryGetValue(out var report, out var error)
            ? TypedResults.Ok(report)
            : ApiProblems.Problem(error);
    }
}
