using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Matchmaker.Api.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Matching;

// The matches, written by the generated code's fast path (ApiJsonContext) and sent with their length. Through
// Ok<MatchResult> the serializer takes the endpoint's options, whose encoder (ASP.NET's relaxed one, so "€" stays "€")
// the generated options cannot name, and falls back to the slower metadata path on every answer. Here the generated
// code runs with its own options and the writer escapes with the endpoint's encoder: the same bytes (a test compares them).
public sealed class MatchAnswer(MatchResult value) : IResult, IEndpointMetadataProvider, IValueHttpResult, IValueHttpResult<MatchResult>, IStatusCodeHttpResult
{
    // Most answers fit; a longer one grows the buffer once.
    private const int InitialBytes = 32 * 1024;

    public MatchResult Value => value;

    object? IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var body = new PooledBufferWriter(InitialBytes);
        Write(body, options);
        await PreparedJson.WriteAsync(httpContext, body.WrittenMemory);
    }

    public void Write(IBufferWriter<byte> output, JsonSerializerOptions options)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented });
        JsonSerializer.Serialize(writer, value, ApiJsonContext.Default.MatchResult);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(MatchResult), ["application/json"]));
}
