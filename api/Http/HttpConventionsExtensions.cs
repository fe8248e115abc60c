using System.IO.Pipelines;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;

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
            // Generated code first for the hot answers; every other type still goes through reflection.
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // A page of matches or schemes is 20-30 KB. With the 16 KB default the serializer stops halfway to flush
            // and resumes later, and under load each answer waits behind others in between; 64 KB writes it in one go
            // and stays below the large object heap (85 KB) when the pool has to make a new buffer.
            o.SerializerOptions.DefaultBufferSize = 64 * 1024;
        })
        .AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "POST")
            .WithHeaders("Content-Type", "Accept", "Accept-Language", "If-None-Match", Insights.DemandChannels.Header)
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

    // HEAD is GET without the body (RFC 9110 9.3.2) on every GET resource, routed or not: the request runs as a GET,
    // so it gets the same status and headers, and the bytes written are dropped. Where GET is allowed, so is HEAD,
    // in a 405's Allow and in a CORS preflight (which the policy already advertises).
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod == HttpMethods.Head)
            {
                request.Headers.AccessControlRequestMethod = HttpMethods.Get;
            }

            var head = HttpMethods.IsHead(request.Method);
            if (head)
            {
                request.Method = HttpMethods.Get;
                context.Features.Set<IHttpResponseBodyFeature>(new NoBody(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
            }

            try
            {
                await next(context);
            }
            finally
            {
                if (head)
                {
                    request.Method = HttpMethods.Head;
                }
            }

            // Runs before the status code page writes the 405's problem, which names the allowed methods.
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
            {
                var allow = context.Response.Headers.Allow.ToString();
                var methods = allow.Split(',', StringSplitOptions.TrimEntries);
                if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head))
                {
                    context.Response.Headers.Allow = allow + ", " + HttpMethods.Head;
                }
            }
        });
        return app;
    }

    // Answers 405 with Allow for every method but GET and HEAD on paths served by middleware rather than by endpoints
    // (routing answers 405 for its own), so a known path never looks unknown.
    public static WebApplication UseGetOnly(this WebApplication app, Func<PathString, bool> servedHere)
    {
        app.Use((context, next) =>
        {
            if (servedHere(context.Request.Path) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = HttpMethods.Get + ", " + HttpMethods.Head;
                return Task.CompletedTask;
            }

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

    // The real body's start and completion (so headers go out as usual), with every byte written dropped.
    private sealed class NoBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        public Stream Stream => Stream.Null;

        public PipeWriter Writer { get; } = PipeWriter.Create(Stream.Null);

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();
    }
}
