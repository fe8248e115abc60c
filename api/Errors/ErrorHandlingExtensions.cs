using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Matchmaker.Api.Errors;

public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
            problem.Detail ??= DefaultDetail(status, context.HttpContext);
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            ILogger Log() => context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorHandlingExtensions));

            // A database that stays locked past its busy timeout, or a pool or connection that gave out, says nothing about
            // the request: the client may send it again. The transaction was rolled back, so nothing of it was stored.
            if (context.Exception is { } transient && TransientFailures.Is(transient))
            {
                Log().LogWarning("The database could not serve a request in time ({Error}); answered 503", transient.GetType().Name);
                context.HttpContext.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                problem.Title = "Service unavailable";
                problem.Detail = TransientFailures.Detail;
            }
            // Never let an exception's text reach the client, whatever framework code produced the problem.
            else if (context.Exception is not null && status >= 500)
            {
                problem.Title = "Internal server error";
                problem.Detail = "The service could not handle this request. It has been logged; please try again later.";
            }
            else if (context.Exception is BadHttpRequestException bad)
            {
                Log().LogDebug("Rejected a request Kestrel could not read ({Status}): {Reason}", bad.StatusCode, bad.Message);
                problem.Detail = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
                    _ => "The request could not be read. Check that the body is valid JSON of the documented shape.",
                };
            }
        });

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when TransientFailures.Is(ex) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
            // A body Kestrel could not read (bad chunking, too large, cut short) is the client's error and answered 400/413,
            // not a fault of ours: no "unhandled exception" error with a stack trace. One Debug line remains (below), and
            // one Warning for a busy database.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException || TransientFailures.Is(c.Exception),
        });
        // Unmatched routes, wrong methods and empty error answers get a problem+json body too.
        app.UseStatusCodePages();
        return app;
    }

    private static string DefaultDetail(int status, HttpContext context) => status switch
    {
        StatusCodes.Status404NotFound => $"There is no resource at '{context.Request.Path}'.",
        StatusCodes.Status405MethodNotAllowed =>
            $"The method {context.Request.Method} is not allowed here; allowed: {context.Response.Headers.Allow}.",
        StatusCodes.Status500InternalServerError => "The service could not handle this request. It has been logged; please try again later.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
