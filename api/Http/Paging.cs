using System.ComponentModel;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Http;

[Description("One page of a list.")]
public sealed record PagedList<T>(
    [property: Description("The items on this page.")] IReadOnlyList<T> Items,
    [property: Description("This page's number, from 1.")] int Page,
    [property: Description("Items per page.")] int PageSize,
    [property: Description("Items over all pages.")] int TotalItems,
    [property: Description("Number of pages.")] int TotalPages);

public static class Paging
{
    // RFC 8288 Link header with first/prev/next/last, keeping the caller's other query keys.
    public static PagedList<T> ToPage<T>(this HttpContext context, IReadOnlyList<T> items, int page, int pageSize, int totalItems)
    {
        var totalPages = Math.Max(1, (int)Math.Ceiling(totalItems / (double)pageSize));
        var links = new List<string> { Link(context, 1, pageSize, "first") };
        if (page > 1)
        {
            links.Add(Link(context, Math.Min(page - 1, totalPages), pageSize, "prev"));
        }

        if (page < totalPages)
        {
            links.Add(Link(context, page + 1, pageSize, "next"));
        }

        links.Add(Link(context, totalPages, pageSize, "last"));
        context.Response.Headers.Link = new StringValues(string.Join(", ", links));
        return new PagedList<T>(items, page, pageSize, totalItems, totalPages);
    }

    private static string Link(HttpContext context, int page, int pageSize, string rel)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in context.Request.Query)
        {
            if (key is not ("page" or "pageSize"))
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? string.Empty);
                }
            }
        }

        query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Relative (RFC 8288 allows any URI reference): the Host header is the caller's to choose, so it never goes into a link.
        var request = context.Request;
        return $"<{request.PathBase}{request.Path}{query.ToQueryString()}>; rel=\"{rel}\"";
    }
}
