using Matchmaker.Api.Http;

namespace Matchmaker.Api.Insights;

// GET /insights: the page for analysts (charts and tables of the insights API), served from the assembly like the
// widget. The page holds no data: it asks for the analyst key and calls /v1/insights/* with it from the same origin.
public static class InsightsPage
{
    private static readonly Lazy<EmbeddedAsset> Page = new(() => EmbeddedAsset.Load("Matchmaker.Api.Insights.insights.html", "text/html; charset=utf-8"));
    private static readonly Lazy<EmbeddedAsset> Script = new(() => EmbeddedAsset.Load("Matchmaker.Api.Insights.insights.js", "text/javascript; charset=utf-8"));

    public static IEndpointRouteBuilder MapInsightsPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/insights", (HttpContext context) => Serve(context, Page.Value)).ExcludeFromDescription();
        app.MapGet("/insights/insights.js", (HttpContext context) => Serve(context, Script.Value)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, EmbeddedAsset asset)
    {
        // Same origin only: the key typed into the page never goes anywhere but this service.
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; connect-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
        return asset.Serve(context, "no-cache");
    }
}
