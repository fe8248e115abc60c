using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Caseload;

public sealed record ProfileListQuery
{
    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

public sealed record ProfileMatchesQuery
{
    [FromQuery(Name = "language"), Description("Language of explanations: nl or en.")]
    [AllowedValues("nl", "en")]
    public string? Language { get; init; }

    [FromQuery(Name = "includeIneligible"), Description("Also list the schemes the firm cannot get.")]
    public bool? IncludeIneligible { get; init; }
}

public sealed record CalendarQuery
{
    [FromQuery(Name = "token"), Description("The profile's calendar token, from calendarUrl; not needed with an API key of the profile's organisation.")]
    [MaxLength(100)]
    public string? Token { get; init; }

    [FromQuery(Name = "language"), Description("Language of the event texts: nl or en.")]
    [AllowedValues("nl", "en")]
    public string? Language { get; init; }
}

public static class CaseloadEndpoints
{
    public static IEndpointRouteBuilder MapCaseload(this IEndpointRouteBuilder app)
    {
        // No CORS policy: saved profiles are read by advisers' back ends (CRM, console), not by browsers on other sites.
        var profiles = app.MapGroup("/v1/profiles").WithTags("Caseload").RequireAuthorization(ApiKeyDefaults.AdviserPolicy);

        profiles.MapPost("", CreateProfile)
            .WithName("createProfile")
            .WithSummary("Save a firm profile")
            .WithDescription("Saves a firm your organisation follows: a name and, as in a match request, kvkNumber, company and need (validated the same way, every problem at once). The profile is matched at once; that result is where the change feed (webhooks) and the changes of the first read start. Only keys of your organisation (an adviser key made with --organisation, or an admin key with one) see it; any other key gets 404. Answers with the profile and its ETag.")
            .Accepts<ProfileRequest>("application/json")
            .ProducesBodyProblems();

        profiles.MapGet("", ListProfiles)
            .WithName("listProfiles")
            .WithSummary("List saved firm profiles")
            .WithDescription("Your organisation's saved profiles, oldest first.")
            .WithQueryRules<ProfileListQuery>();

        profiles.MapGet("/{id}", GetProfile)
            .WithName("getProfile")
            .WithSummary("Get a saved firm profile")
            .WithDescription("One saved profile of your organisation, with its ETag for PUT and DELETE.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        profiles.MapPut("/{id}", UpdateProfile)
            .WithName("updateProfile")
            .WithSummary("Change a saved firm profile")
            .WithDescription("Replaces name, kvkNumber, company and need. Send If-Match with the ETag from GET /profiles/{id}: without it 428, with an old one 412. The change feed starts again from the new matches (your own change is no news); the next read of the matches still shows what it changed.")
            .Accepts<ProfileRequest>("application/json")
            .ProducesConditionalWriteProblems();

        profiles.MapDelete("/{id}", DeleteProfile)
            .WithName("deleteProfile")
            .WithSummary("Delete a saved firm profile")
            .WithDescription("Deletes the profile and what was remembered of its matches; its calendar URL stops working. If-Match is optional; a stale one gives 412.")
            .ProducesConditionalDeleteProblems();

        profiles.MapGet("/{id}/matches", GetProfileMatches)
            .WithName("getProfileMatches")
            .WithSummary("Match a saved firm profile, with what changed")
            .WithDescription("Matches the saved profile now (as POST /matches does, up to 50 schemes) and says what changed since the previous read by any key of your organisation: new and gone matches, status changes (opened, closed, a round announced) and deadlines now within 14 days. This read becomes the next one's starting point.")
            .WithQueryRules<ProfileMatchesQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Calendar applications cannot send a key: the profile's secret token in the URL is the key here.
        app.MapGroup("/v1/profiles").WithTags("Caseload")
            .MapGet("/{id}/deadlines.ics", GetProfileDeadlines)
            .WithName("getProfileDeadlines")
            .WithSummary("Get a saved firm profile's deadline calendar")
            .WithDescription("An iCalendar feed (RFC 5545, text/calendar) of the upcoming deadlines of the profile's matches: one all-day event on the last day of each window (Europe/Amsterdam), with a UID that stays the same per profile and scheme, so a subscribed calendar follows a deadline that moves. Subscribe to the profile's calendarUrl, which carries its secret token; an adviser key of the profile's organisation works without it. A wrong token is 404.")
            .WithQueryRules<CalendarQuery>()
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Results<Created<ProfileResponse>, ProblemHttpResult>> CreateProfile(
        HttpRequest request, ClaimsPrincipal user, ProfileRequestReader reader, ProfileService profiles, CancellationToken ct)
    {
        var (input, problem) = await ReadAsync(request, reader, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!(await profiles.CreateAsync(input!, user, request.Headers.AcceptLanguage, ct)).TryGetValue(out var stored, out var error))
        {
            return ApiProblems.Problem(error, request.HttpContext.Response);
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return TypedResults.Created($"/v1/profiles/{stored.Profile.Id}", stored.Profile);
    }

    public static async Task<Results<Ok<PagedList<ProfileResponse>>, ProblemHttpResult>> ListProfiles(
        [AsParameters] ProfileListQuery query, HttpContext context, ClaimsPrincipal user, ProfileService profiles, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        return (await profiles.ListAsync(user, page, pageSize, ct)).TryGetValue(out var result, out var error)
            ? TypedResults.Ok(context.ToPage(result.Items, page, pageSize, result.TotalItems))
            : ApiProblems.Problem(error);
    }

    public static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfile(
        [Description("Profile id.")] string id, HttpResponse response, ClaimsPrincipal user, ProfileService profiles, CancellationToken ct)
    {
        if (!(await profiles.GetAsync(id, user, ct)).TryGetValue(out var stored, out var error))
        {
            return ApiProblems.Problem(error);
        }

        response.Headers.ETag = stored.ETag;
        return TypedResults.Ok(stored.Profile);
    }

    public static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> UpdateProfile(
        [Description("Profile id.")] string id, HttpRequest request, ClaimsPrincipal user, ProfileRequestReader reader, ProfileService profiles,
        CancellationToken ct)
    {
        var (input, problem) = await ReadAsync(request, reader, ct);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await profiles.UpdateAsync(id, request.IfMatch(), input!, user, request.Headers.AcceptLanguage, ct);
        if (!outcome.TryGetValue(out var stored, out var error))
        {
            return ApiProblems.Problem(error, request.HttpContext.Response);
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return TypedResults.Ok(stored.Profile);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProfile(
        [Description("Profile id.")] string id, HttpRequest request, ClaimsPrincipal user, ProfileService profiles, CancellationToken ct) =>
        (await profiles.DeleteAsync(id, request.IfMatch(), user, ct)).TryGetValue(out _, out var error)
            ? TypedResults.NoContent()
            : ApiProblems.Problem(error);

    public static async Task<Results<Ok<ProfileMatchesResponse>, ProblemHttpResult>> GetProfileMatches(
        [Description("Profile id.")] string id, [AsParameters] ProfileMatchesQuery query, HttpRequest request, ClaimsPrincipal user,
        ProfileService profiles, CancellationToken ct) =>
        (await profiles.MatchesAsync(id, user, query.Language, query.IncludeIneligible == true, request.Headers.AcceptLanguage, ct))
        .TryGetValue(out var result, out var error)
            ? TypedResults.Ok(result)
            : ApiProblems.Problem(error, request.HttpContext.Response);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetProfileDeadlines(
        [Description("Profile id.")] string id, [AsParameters] CalendarQuery query, HttpRequest request, ClaimsPrincipal user, ProfileService profiles,
        CancellationToken ct)
    {
        if (!(await profiles.CalendarAsync(id, query.Token, user, query.Language, request.Headers.AcceptLanguage, ct)).TryGetValue(out var ics, out var error))
        {
            return ApiProblems.Problem(error, request.HttpContext.Response);
        }

        // Calendars poll; a few minutes old is fine, and the URL holds a secret, so no shared cache keeps it.
        request.HttpContext.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Text(ics, DeadlineCalendar.ContentType);
    }

    private static async Task<(ProfileInput? Input, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, ProfileRequestReader reader, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ProfileRequestReader.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (input, problems) = reader.Read(body!.AsObject());
        return problems.Count > 0 ? (null, ApiProblems.InvalidParams(problems)) : (input, null);
    }
}
