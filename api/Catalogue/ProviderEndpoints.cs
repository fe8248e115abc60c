using System.ComponentModel;
using Dapper;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Catalogue;

// acceptsReferrals is the provider's own setting in referral_settings (api/Referrals); without one it does not accept.
public sealed record ProviderRow(string Id, string Name, string Kind, string? AreaCode, string Website, long SchemeCount, long AcceptsReferrals)
{
    public ProviderResponse AsResponse() => new(Id, Name, Kind, AreaCode, Website, SchemeCount, AcceptsReferrals == 1);
}

public sealed class ProviderRepository(Database db)
{
    private const string Select =
        """
        SELECT p.id AS Id, p.name AS Name, p.kind AS Kind, p.area_code AS AreaCode, p.website AS Website,
               (SELECT COUNT(*) FROM schemes s WHERE s.provider_id = p.id AND s.archived = 0) AS SchemeCount,
               COALESCE((SELECT rs.accepts FROM referral_settings rs WHERE rs.provider_id = p.id), 0) AS AcceptsReferrals
        FROM providers p
        """;

    public async Task<Page<ProviderResponse>> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM providers", cancellationToken: ct));
        // A page past the end is empty, as for schemes. It must not reach Dapper: on no rows SQLite types the computed
        // SchemeCount column as BLOB, and no ProviderRow constructor takes that.
        if ((long)(page - 1) * pageSize >= total)
        {
            return new Page<ProviderResponse>([], total);
        }

        var items = await connection.QueryAsync<ProviderRow>(new CommandDefinition(
            Select + " ORDER BY p.id LIMIT @Limit OFFSET @Offset", new { Limit = pageSize, Offset = (page - 1) * pageSize }, cancellationToken: ct));
        return new Page<ProviderResponse>(items.Select(i => i.AsResponse()).ToList(), total);
    }

    public async Task<ProviderResponse?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ProviderRow>(new CommandDefinition(
            Select + " WHERE p.id = @id", new { id }, cancellationToken: ct));
        return row?.AsResponse();
    }
}

public static class ProviderEndpoints
{
    public static RouteGroupBuilder MapProviders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/providers").WithTags("Providers").RequireCors(HttpConventionsExtensions.CorsPolicy);

        group.MapGet("", ListProviders)
            .WithName("listProviders")
            .WithSummary("List providers")
            .WithDescription("The organisations that run schemes: the EU, national agencies, provinces, municipalities and regional development companies (ROMs).")
            .WithQueryRules<PageQuery>();

        group.MapGet("/{id}", GetProvider)
            .WithName("getProvider")
            .WithSummary("Get one provider")
            .WithDescription("One provider with the number of schemes it runs; list them with GET /schemes?provider={id}.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Ok<PagedList<ProviderResponse>>> ListProviders(
        [AsParameters] PageQuery query, HttpContext context, ProviderRepository providers, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 100;
        var result = await providers.ListAsync(page, pageSize, ct);
        return TypedResults.Ok(context.ToPage(result.Items, page, pageSize, result.TotalItems));
    }

    public static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> GetProvider(
        [Description("Provider id (kebab-case), e.g. rvo.")] string id, ProviderRepository providers, CancellationToken ct)
    {
        var provider = await providers.GetAsync(id, ct);
        return provider is null ? ApiProblems.NotFound("provider", id) : TypedResults.Ok(provider);
    }
}
