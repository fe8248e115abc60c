using Matchmaker.Api.Http;

namespace Matchmaker.Api.Widget;

// The embeddable widget and the demo page, served from the assembly so they travel with the service.
public static class WidgetEndpoints
{
    private static readonly Lazy<EmbeddedAsset> Script = new(() => EmbeddedAsset.Load("Matchmaker.Api.Widget.matchmaker.js", "text/javascript; charset=utf-8"));
    private static readonly Lazy<EmbeddedAsset> Demo = new(() => EmbeddedAsset.Load("Matchmaker.Api.Widget.index.html", "text/html; charset=utf-8"));

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder app)
    {
        app.MapGet("/widget/matchmaker.js", (HttpContext context) => Serve(context, Script.Value, "public, max-age=3600"))
            .ExcludeFromDescription();
        app.MapGet("/", (HttpContext context) => Serve(context, Demo.Value, "no-cache"))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, EmbeddedAsset asset, string cacheControl)
    {
        var headers = context.Response.Headers;
        // Any site may load the script; the page itself must be able to run it.
        headers.AccessControlAllowOrigin = "*";
        headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
        return asset.Serve(context, cacheControl);
    }
}
