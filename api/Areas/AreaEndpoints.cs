using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Areas;

[Description("A Dutch province.")]
public sealed record ProvinceResponse(
    [property: Description("CBS code, PV20-PV31.")] string Code,
    [property: Description("Official name.")] string Name,
    [property: Description("ISO 3166-2 code.")] string IsoCode);

[Description("A Dutch municipality (as of 1 January 2025).")]
public sealed record MunicipalityResponse(
    [property: Description("CBS code, GM followed by four digits.")] string Code,
    [property: Description("Official CBS name.")] string Name,
    [property: Description("CBS code of its province.")] string ProvinceCode);

[Description("A list without paging.")]
public sealed record ItemList<T>([property: Description("All items.")] IReadOnlyList<T> Items);

public sealed record MunicipalityQuery
{
    [FromQuery(Name = "province"), Description("Only municipalities in this province (PV20-PV31).")]
    [RegularExpression("^PV(2[0-9]|3[01])$", ErrorMessage = "Must be a CBS province code PV20 to PV31.")]
    public string? Province { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 500."), DefaultValue(100)]
    [Range(1, 500)]
    public int? PageSize { get; init; }
}

public sealed class AreaRepository(Database db)
{
    public async Task<IReadOnlyList<ProvinceResponse>> ProvincesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ProvinceResponse>(new CommandDefinition(
            "SELECT code AS Code, name AS Name, iso_code AS IsoCode FROM provinces ORDER BY code", cancellationToken: ct))).ToList();
    }

    public async Task<Page<MunicipalityResponse>> MunicipalitiesAsync(string? province, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var args = new { province, Limit = pageSize, Offset = (page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM municipalities WHERE (@province IS NULL OR province_code = @province)", args, cancellationToken: ct));
        var items = await connection.QueryAsync<MunicipalityResponse>(new CommandDefinition(
            """
            SELECT code AS Code, name AS Name, province_code AS ProvinceCode FROM municipalities
            WHERE (@province IS NULL OR province_code = @province)
            ORDER BY code LIMIT @Limit OFFSET @Offset
            """, args, cancellationToken: ct));
        return new Page<MunicipalityResponse>(items.ToList(), total);
    }

    public async Task<MunicipalityResponse?> MunicipalityAsync(string code, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<MunicipalityResponse>(new CommandDefinition(
            "SELECT code AS Code, name AS Name, province_code AS ProvinceCode FROM municipalities WHERE code = @code",
            new { code }, cancellationToken: ct));
    }
}

public static class AreaEndpoints
{
    public static IEndpointRouteBuilder MapAreas(this IEndpointRouteBuilder app)
    {
        var provinces = app.MapGroup("/v1/provinces").WithTags("Areas").RequireCors(HttpConventionsExtensions.CorsPolicy);
        provinces.MapGet("", ListProvinces)
            .WithName("listProvinces")
            .WithSummary("List the 12 provinces")
            .WithDescription("The provinces with their CBS codes (PV20-PV31), used in scheme areas and filters.");

        var municipalities = app.MapGroup("/v1/municipalities").WithTags("Areas").RequireCors(HttpConventionsExtensions.CorsPolicy);
        municipalities.MapGet("", ListMunicipalities)
            .WithName("listMunicipalities")
            .WithSummary("List municipalities")
            .WithDescription("The 342 municipalities of 1 January 2025 with their CBS codes and provinces.")
            .WithQueryRules<MunicipalityQuery>();
        municipalities.MapGet("/{code}", GetMunicipality)
            .WithName("getMunicipality")
            .WithSummary("Get one municipality")
            .WithDescription("One municipality by its CBS code, e.g. GM0363 (Amsterdam).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<ItemList<ProvinceResponse>>> ListProvinces(AreaRepository areas, CancellationToken ct) =>
        TypedResults.Ok(new ItemList<ProvinceResponse>(await areas.ProvincesAsync(ct)));

    public static async Task<Ok<PagedList<MunicipalityResponse>>> ListMunicipalities(
        [AsParameters] MunicipalityQuery query, HttpContext context, AreaRepository areas, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 100;
        var result = await areas.MunicipalitiesAsync(query.Province, page, pageSize, ct);
        return TypedResults.Ok(context.ToPage(result.Items, page, pageSize, result.TotalItems));
    }

    public static async Task<Results<Ok<MunicipalityResponse>, ProblemHttpResult>> GetMunicipality(
        [Description("CBS municipality code, e.g. GM0363.")] string code, AreaRepository areas, CancellationToken ct)
    {
        var municipality = await areas.MunicipalityAsync(code, ct);
        return municipality is null
            ? ApiProblems.NotFound("municipality", code)
            : TypedResults.Ok(municipality);
    }
}
