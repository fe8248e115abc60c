using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Matchmaker.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Matchmaker.Api.Catalogue;

// A page of the scheme list written from each scheme's JSON as rendered once per day (SchemeEntry.Json): the same
// bytes the serializer writes for PagedList<SchemeResponse> (a test compares them), without serializing 10 schemes of
// two languages on every request. The OpenAPI document describes it as that PagedList.
public sealed class SchemePage(PagedList<byte[]> page, JsonSerializerOptions options) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var body = new PooledBufferWriter(page.Items.Sum(i => i.Length) + 256);
        Write(body);
        await PreparedJson.WriteAsync(httpContext, body.WrittenMemory);
    }

    public void Write(IBufferWriter<byte> output)
    {
        string Name(string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray(Name(nameof(PagedList<byte[]>.Items)));
        foreach (var item in page.Items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteNumber(Name(nameof(PagedList<byte[]>.Page)), page.Page);
        writer.WriteNumber(Name(nameof(PagedList<byte[]>.PageSize)), page.PageSize);
        writer.WriteNumber(Name(nameof(PagedList<byte[]>.TotalItems)), page.TotalItems);
        writer.WriteNumber(Name(nameof(PagedList<byte[]>.TotalPages)), page.TotalPages);
        writer.WriteEndObject();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PagedList<SchemeResponse>), ["application/json"]));
}
