using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Companies;

public sealed record CompanySearchQuery
{
    [FromQuery(Name = "name"), Description("(Part of) the firm's name; KVK matches whole words.")]
    [MinLength(2), MaxLength(100)]
    public string? Name { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 100)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(10)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

[Description("A registration found in the KVK register.")]
public sealed record CompanySearchItem(
    [property: Description("KVK number.")] string KvkNumber,
    [property: Description("Branch number (vestigingsnummer), for branches.")] string? BranchNumber,
    [property: Description("Name.")] string? Name,
    [property: Description("hoofdvestiging, nevenvestiging or rechtspersoon.")] string? Type,
    [property: Description("Place of the address.")] string? City);

public static partial class CompanyEndpoints
{
    public static RouteGroupBuilder MapCompanies(this IEndpointRouteBuilder app)
    {
        // KVK lookups cost money per call, so they are for advisers' tools, not for anonymous browsers.
        var group = app.MapGroup("/v1/companies").WithTags("Companies").RequireAuthorization(ApiKeyDefaults.AdviserPolicy);

        group.MapGet("/{kvkNumber}", GetCompany)
            .WithName("getCompany")
            .WithSummary("Get a firm's profile from the KVK register")
            .WithDescription("Looks the firm up in the KVK Handelsregister (Basisprofiel) and its postcode in PDOK, and returns the profile the matcher would use, with the source of every fact. Cached for 24 hours. KVK unreachable, slow or answering nonsense gives 502, 503 or 504.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        group.MapGet("", SearchCompanies)
            .WithName("searchCompanies")
            .WithSummary("Search the KVK register by name")
            .WithDescription("Searches KVK Zoeken by name and pages through the registrations found (at most 1,000).")
            .WithQueryRules<CompanySearchQuery>()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        return group;
    }

    public static async Task<Results<Ok<CompanyResult>, ProblemHttpResult>> GetCompany(
        [Description("KVK number, 8 digits.")] string kvkNumber, HttpContext context, CompanyLookup lookup, CompanyProfiles profiles,
        CatalogueSnapshotProvider snapshots, TimeProvider time, CancellationToken ct)
    {
        if (!KvkNumber().IsMatch(kvkNumber))
        {
            return ApiProblems.InvalidParams([new InvalidParam("kvkNumber", "Must be a KVK number of 8 digits.")]);
        }

        var found = await lookup.ProfileAsync(kvkNumber, ct);
        if (found.Value is not { } kvk)
        {
            return found.Failure == UpstreamFailure.NotFound ? ApiProblems.NotFound("firm in the KVK register", kvkNumber) : UpstreamProblem(context, "KVK", found);
        }

        var en = context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var looked = await profiles.LookUpAsync(null, kvk, en, ct);
        var profile = ProfileResolver.Resolve(kvkNumber, null, time.TodayInAmsterdam(), snapshots.Current.Municipalities, looked.Sources);
        var warnings = looked.Warnings;
        if (kvk.FoundedOnApproximate)
        {
            warnings.Add(en ? "KVK gives the start date only in part; the first day of the known month or year is used."
                            : "KVK geeft de startdatum maar gedeeltelijk; de eerste dag van de bekende maand of het jaar is gebruikt.");
        }

        return TypedResults.Ok(new CompanyResult(kvk.KvkNumber, kvk.Name, kvk.TradeNames, kvk.LegalFormText, kvk.Activities,
            new CompanyAddress(kvk.Postcode, kvk.City, kvk.AddressShielded), profile, warnings));
    }

    public static async Task<Results<Ok<PagedList<CompanySearchItem>>, ProblemHttpResult>> SearchCompanies(
        [AsParameters] CompanySearchQuery query, HttpContext context, CompanyLookup lookup, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query.Name))
        {
            return ApiProblems.InvalidParams([new InvalidParam("name", "Give (part of) a name to search for.")]);
        }

        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 10;
        if (page * pageSize > 1000)
        {
            return ApiProblems.InvalidParams([new InvalidParam("page", "KVK returns at most 1,000 results; page × pageSize must be at most 1,000.")]);
        }

        var found = await lookup.SearchAsync(query.Name, page, pageSize, ct);
        if (found.Value is not { } result)
        {
            return UpstreamProblem(context, "KVK", found);
        }

        var items = (result.Resultaten ?? [])
            .Where(r => r.KvkNummer is not null)
            .Select(r => new CompanySearchItem(r.KvkNummer!, r.Vestigingsnummer, r.Naam, r.Type,
                r.Adres?.BinnenlandsAdres?.Plaats ?? r.Adres?.BuitenlandsAdres?.PostcodeWoonplaats))
            .ToList();
        return TypedResults.Ok(context.ToPage(items, page, pageSize, Math.Min(result.Totaal ?? items.Count, 1000)));
    }

    // Retry-After where waiting helps (ApiError.Upstream decides).
    private static ProblemHttpResult UpstreamProblem<T>(HttpContext context, string upstream, Upstream<T> failure) =>
        ApiProblems.Problem(ApiError.Upstream(upstream, failure.Failure, failure.Reason?.Text(english: true)), context.Response);

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex KvkNumber();
}
