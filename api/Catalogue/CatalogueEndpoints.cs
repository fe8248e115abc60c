using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Catalogue;

public static class CatalogueEndpoints
{
    public static RouteGroupBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/schemes").WithTags("Schemes").RequireCors(HttpConventionsExtensions.CorsPolicy);

        group.MapGet("", ListSchemes)
            .WithName("listSchemes")
            .WithSummary("List and search support schemes")
            .WithDescription("Pages through the catalogue, filtered by level, instrument, theme, provider, area and status, with optional full-text search in Dutch and English. Archived schemes are never listed.")
            .WithQueryRules<SchemeListQuery>();

        group.MapGet("/{id}", GetScheme)
            .WithName("getScheme")
            .WithSummary("Get one support scheme")
            .WithDescription("Returns every field of one scheme, areas and eligibility included, with an ETag for caching and for conditional writes.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static Results<SchemePage, ProblemHttpResult> ListSchemes(
        [AsParameters] SchemeListQuery query, HttpContext context, CatalogueSnapshotProvider snapshots, TimeProvider time,
        IOptions<JsonOptions> json)
    {
        if (query.Search is not null && FtsQuery.Tokens(query.Search).Count == 0)
        {
            return ApiProblems.InvalidParams([new InvalidParam("search", "Must contain at least one letter or digit.")]);
        }

        var today = time.TodayInAmsterdam();
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        var result = SchemeListing.List(snapshots.Current,
            new SchemeFilter(query.Level, query.Instrument, query.Theme, query.Provider, query.Province, query.Municipality,
                query.Status, query.Search, today, page, pageSize, query.Purpose));
        var options = json.Value.SerializerOptions;
        var items = result.Items.Select(e => e.Json(today, (entry, day) => JsonSerializer.SerializeToUtf8Bytes(
            Response(entry.Document, entry.ProviderName, entry.WindowsRequired, entry.Stamp, day), options))).ToList();
        return new SchemePage(context.ToPage(items, page, pageSize, result.TotalItems), options);
    }

    public static async Task<Results<Ok<SchemeResponse>, ProblemHttpResult, StatusCodeHttpResult>> GetScheme(
        [Description("Scheme id (kebab-case), e.g. wbso.")] string id, HttpContext context, SchemeRepository schemes, TimeProvider time, CancellationToken ct)
    {
        var row = await schemes.GetAsync(id, ct);
        if (row is null)
        {
            return ApiProblems.NotFound("scheme", id);
        }

        // Cacheable, but always revalidated: publishers' changes must show at once.
        context.Response.Headers.CacheControl = "no-cache";
        if (context.IsNotModified(row.ETag()))
        {
            return Preconditions.NotModified();
        }

        return TypedResults.Ok(row.ToResponse(time.TodayInAmsterdam()));
    }

    public static string ETag(this SchemeRow row) => Preconditions.ETag(row.Version, row.Document);

    public static SchemeResponse ToResponse(this SchemeRow row, DateOnly today) =>
        Response(CatalogueJson.Deserialize(row.Document), row.ProviderName, row.WindowsRequired == 1,
            new SchemeStamp(row.Version, DateTimeOffset.Parse(row.UpdatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)), today);

    private static SchemeResponse Response(SchemeDocument d, string providerName, bool windowsRequired, SchemeStamp stamp, DateOnly today)
    {
        var status = SchemeStatus.Compute(d.Ended == true, windowsRequired, d.BudgetStatus, d.ApplicationWindows, today);
        return new SchemeResponse(
            d.Id, d.Title, d.Summary, new ProviderReference(d.Provider, providerName), d.Level, d.Instrument, d.Themes, d.Phases,
            d.Purposes ?? [], d.Areas, d.Eligibility, d.Funding, d.ApplicationWindows ?? [], d.BudgetStatus, status.Status, status.ClosingSoon,
            status.NextDeadline, d.Keywords, d.Url, d.SourceUrl, d.SourceDate, d.LastVerifiedOn, d.Notes, stamp.UpdatedAt, stamp.Version);
    }
}
