using System.Text.Json.Serialization;

namespace Matchmaker.Api.Http;

public static class HttpConventionsExtensions
{
    public const string CorsPolicy = "open-read";

    public static IServiceCollection AddHttpConventions(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            // Absent facts are left out rather than sent as null; numbers are numbers, never strings.
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        })
        .AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "POST")
            .WithHeaders("Content-Type", "Accept", "Accept-Language", "If-None-Match")
            .WithExposedHeaders("API-Version", "Link", "ETag", "Retry-After")));

    // Headers every answer carries (ADR /core/version-header and /core/transport/security-headers).
    public static WebApplication UseResponseConventions(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["API-Version"] = ApiInfo.Version;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.StrictTransportSecurity = "max-age=31536000";
                headers["Referrer-Policy"] = "no-referrer";
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                }

                if (!headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    // ADR /core/no-trailing-slash: a path with a trailing slash is 404, never a redirect.
    public static WebApplication UseNoTrailingSlash(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is { Length: > 1 } && path.EndsWith('/'))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status404NotFound,
                        Title = "Not found",
                        Detail = "Paths never end in a slash; remove the trailing '/'.",
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }
}
