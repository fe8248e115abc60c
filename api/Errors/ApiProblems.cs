using System.Globalization;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Errors;

public sealed record InvalidParam(string Name, string Reason);

// An expected failure as a value: a stable code (the last part of the problem type), what went wrong in words, and any
// extension members. Services return these; only ApiProblems turns them into HTTP answers.
public sealed record ApiError
{
    private ApiError(string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null, int retryAfterSeconds = 0)
    {
        Code = code;
        Detail = detail;
        Extensions = extensions;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public string Code { get; }

    public string Detail { get; }

    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    // More than 0: the answer carries Retry-After, because waiting helps.
    public int RetryAfterSeconds { get; }

    public static class Codes
    {
        public const string InvalidParams = "invalid-params";
        public const string InvalidImport = "invalid-import";
        public const string Unauthorized = "unauthorized";
        public const string Forbidden = "forbidden";
        public const string NotFound = "not-found";
        public const string Exists = "exists";
        public const string StaleETag = "stale-etag";
        public const string TooLarge = "too-large";
        public const string UnsupportedMediaType = "unsupported-media-type";
        public const string IfMatchRequired = "if-match-required";
        public const string RateLimited = "rate-limited";
        public const string UpstreamUnavailable = "upstream-unavailable";
        public const string UpstreamTimeout = "upstream-timeout";
        public const string UpstreamBadAnswer = "upstream-badanswer";
        public const string UpstreamRejected = "upstream-rejected";
        public const string NotReady = "not-ready";
        public const string ReferralNotPossible = "referral-not-possible";
        public const string ReferralStatusConflict = "referral-status-conflict";
    }

    public static ApiError InvalidParams(IReadOnlyList<InvalidParam> invalidParams) =>
        new(Codes.InvalidParams,
            invalidParams.Count == 1
                ? $"One parameter is invalid: {invalidParams[0].Name}."
                : $"{invalidParams.Count} parameters are invalid: {string.Join(", ", invalidParams.Select(p => p.Name))}.",
            new Dictionary<string, object?> { ["invalidParams"] = invalidParams });

    // Every record's problems, and the same flattened to invalidParams for clients that read only those.
    public static ApiError InvalidImport(IReadOnlyList<InvalidRecord> invalid, int total) =>
        new(Codes.InvalidImport, $"{invalid.Count} of {total} records are invalid; nothing was written.",
            new Dictionary<string, object?>
            {
                ["invalidRecords"] = invalid,
                ["invalidParams"] = invalid.SelectMany(r => r.Problems.Select(p => new InvalidParam($"schemes[{r.Index}].{p.Name}", p.Reason))).ToList(),
            });

    public static ApiError Unauthorized(string detail) => new(Codes.Unauthorized, detail);

    public static ApiError Forbidden(string detail) => new(Codes.Forbidden, detail);

    public static ApiError NotFound(string what, string id) => new(Codes.NotFound, $"There is no {what} with id '{id}'.");

    // Ids are never reused, so an archived scheme's id answers the same conflict, with a different hint.
    public static ApiError SchemeExists(string id, bool archived) =>
        new(Codes.Exists, archived
            ? $"A scheme '{id}' existed and was archived; ids are never reused. Choose another id."
            : $"A scheme '{id}' already exists; change it with PUT /v1/schemes/{id}.");

    public static ApiError StaleETag(string id) =>
        new(Codes.StaleETag, $"Scheme '{id}' changed since you read it; GET it again, reapply your change and send the new ETag.");

    public static ApiError Stale(string what, string id) =>
        new(Codes.StaleETag, $"The {what} '{id}' changed since you read it; GET it again, reapply your change and send the new ETag.");

    // what: the thing changed ("version", "profile"); readFrom: where its ETag is read.
    public static ApiError IfMatchRequired(string what, string readFrom) =>
        new(Codes.IfMatchRequired, $"Send If-Match with the ETag of the {what} you changed (from GET {readFrom}), so no one else's change is lost.");

    public static ApiError TooLarge(int maxBytes) =>
        new(Codes.TooLarge,
            $"This request body may be at most {(maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MiB" : $"{maxBytes / 1024} KiB")}.");

    public static ApiError UnsupportedMediaType() => new(Codes.UnsupportedMediaType, "Send JSON with Content-Type: application/json.");

    public static ApiError RateLimited(int retryAfterSeconds) =>
        new(Codes.RateLimited, $"The request limit was reached; try again in {retryAfterSeconds} seconds.", retryAfterSeconds: retryAfterSeconds);

    public static ApiError NotReady(string detail) => new(Codes.NotReady, detail);

    // The scheme's provider does not take referrals, or the scheme has ended.
    public static ApiError ReferralNotPossible(string detail) => new(Codes.ReferralNotPossible, detail);

    // A status move that is not forward, or anything after closing.
    public static ApiError ReferralStatusConflict(string detail) => new(Codes.ReferralStatusConflict, detail);

    // Our own words for an upstream failure; the upstream's text never passes through.
    public static ApiError Upstream(string upstream, UpstreamFailure failure, string? reason) =>
        new(failure switch
            {
                UpstreamFailure.Timeout => Codes.UpstreamTimeout,
                UpstreamFailure.Unavailable => Codes.UpstreamUnavailable,
                UpstreamFailure.Rejected => Codes.UpstreamRejected,
                _ => Codes.UpstreamBadAnswer,
            },
            $"The {upstream} register could not be used: {reason ?? "unknown failure"}. Try again later; matching without kvkNumber still works.",
            retryAfterSeconds: failure switch
            {
                UpstreamFailure.Timeout => 10,
                UpstreamFailure.Unavailable => 30,
                _ => 0,
            });
}

// The one place our own error answers are made: every code has its status, title and stable type here.
public static class ApiProblems
{
    public const string TypeBase = "https://matchmaker.dev/problems/";

    private static readonly Dictionary<string, (int Status, string Title)> Catalogue = new(StringComparer.Ordinal)
    {
        [ApiError.Codes.InvalidParams] = (StatusCodes.Status400BadRequest, "Invalid request"),
        [ApiError.Codes.InvalidImport] = (StatusCodes.Status400BadRequest, "Invalid import"),
        [ApiError.Codes.Unauthorized] = (StatusCodes.Status401Unauthorized, "Unauthorized"),
        [ApiError.Codes.Forbidden] = (StatusCodes.Status403Forbidden, "Forbidden"),
        [ApiError.Codes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [ApiError.Codes.Exists] = (StatusCodes.Status409Conflict, "Conflict"),
        [ApiError.Codes.ReferralNotPossible] = (StatusCodes.Status409Conflict, "Referral not possible"),
        [ApiError.Codes.ReferralStatusConflict] = (StatusCodes.Status409Conflict, "Referral status conflict"),
        [ApiError.Codes.StaleETag] = (StatusCodes.Status412PreconditionFailed, "Precondition failed"),
        [ApiError.Codes.TooLarge] = (StatusCodes.Status413PayloadTooLarge, "Request too large"),
        [ApiError.Codes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        [ApiError.Codes.IfMatchRequired] = (StatusCodes.Status428PreconditionRequired, "Precondition required"),
        [ApiError.Codes.RateLimited] = (StatusCodes.Status429TooManyRequests, "Too many requests"),
        [ApiError.Codes.UpstreamBadAnswer] = (StatusCodes.Status502BadGateway, "Bad upstream answer"),
        [ApiError.Codes.UpstreamRejected] = (StatusCodes.Status502BadGateway, "Bad upstream answer"),
        [ApiError.Codes.UpstreamUnavailable] = (StatusCodes.Status503ServiceUnavailable, "Upstream unavailable"),
        [ApiError.Codes.NotReady] = (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
        [ApiError.Codes.UpstreamTimeout] = (StatusCodes.Status504GatewayTimeout, "Upstream timeout"),
    };

    public static string TypeOf(string code) => TypeBase + code;

    public static int StatusOf(ApiError error) => Catalogue[error.Code].Status;

    public static ProblemDetails ToProblemDetails(ApiError error)
    {
        var (status, title) = Catalogue[error.Code];
        var problem = new ProblemDetails { Status = status, Title = title, Detail = error.Detail, Type = TypeOf(error.Code) };
        foreach (var (name, value) in error.Extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    // For errors that need no header; one with Retry-After needs the response to put it on.
    public static ProblemHttpResult Problem(ApiError error) =>
        error.RetryAfterSeconds > 0
            ? throw new InvalidOperationException($"'{error.Code}' carries Retry-After; use Problem(error, response).")
            : TypedResults.Problem(ToProblemDetails(error));

    public static ProblemHttpResult Problem(ApiError error, HttpResponse response)
    {
        if (error.RetryAfterSeconds > 0)
        {
            response.Headers.RetryAfter = error.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(ToProblemDetails(error));
    }

    // For middleware and handlers that answer outside an endpoint (authentication, rate limits).
    public static async Task WriteAsync(HttpContext context, ApiError error)
    {
        var problem = Problem(error, context.Response);
        context.Response.StatusCode = StatusOf(error);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem.ProblemDetails,
        });
    }

    public static ProblemHttpResult InvalidParams(IReadOnlyList<InvalidParam> invalidParams) => Problem(ApiError.InvalidParams(invalidParams));

    public static ProblemHttpResult NotFound(string what, string id) => Problem(ApiError.NotFound(what, id));
}
