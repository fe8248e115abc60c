using System.Security.Cryptography;

namespace Matchmaker.Api.Widget;

// The embeddable widget and the demo page, served from the assembly so they travel with the service.
public static class WidgetEndpoints
{
    private static readonly Lazy<Asset> Script = new(() => Asset.Load("matchmaker.js", "text/javascript; charset=utf-8"));
    private static readonly Lazy<Asset> Demo = new(() => Asset.Load("index.html", "text/html; charset=utf-8"));

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder app)
    {
        app.MapGet("/widget/matchmaker.js", (HttpContext context) => Serve(context, Script.Value, "public, max-age=3600"))
            .ExcludeFromDescription();
        app.MapGet("/", (HttpContext context) => Serve(context, Demo.Value, "no-cache"))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, Asset asset, string cacheControl)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = cacheControl;
        // Any site may load the script; the page itself must be able to run it.
        headers.AccessControlAllowOrigin = "*";
        headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
        if (context.Request.Headers.IfNoneMatch.Any(v => v == asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag)
    {
        public static Asset Load(string name, string contentType)
        {
            using var stream = typeof(WidgetEndpoints).Assembly.GetManifestResourceStream("Matchmaker.Api.Widget." + name)
                               ?? throw new InvalidOperationException($"Widget asset {name} is not embedded.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            return new Asset(content, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"");
        }
    }
}
