using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Http;

// Reads a JSON body ourselves, so a wrong type, size or syntax becomes a clear problem instead of a framework error.
public static class JsonBody
{
    public const int SchemeMaxBytes = 256 * 1024;
    public const int MatchMaxBytes = 64 * 1024;
    public const int ImportMaxBytes = 50 * 1024 * 1024;

    public static async Task<(JsonNode? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            var node = JsonNode.Parse(bytes.Span, documentOptions: Options);
            return node is JsonObject
                ? (node, null)
                : (null, ApiProblems.InvalidParams([new InvalidParam("body", "Must be a JSON object.")]));
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }
    }

    public static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            return (JsonDocument.Parse(bytes, Options), null);
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }
    }

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    private static async Task<(ReadOnlyMemory<byte> Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        if (!request.HasJsonContentType())
        {
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send JSON with Content-Type: application/json.", type: ApiProblems.TypeBase + "unsupported-media-type"));
        }

        var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (default, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? (default, ApiProblems.InvalidParams([new InvalidParam("body", "The request body is empty; send a JSON object.")]))
            : (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    private static ProblemHttpResult NotJson(JsonException ex) =>
        ApiProblems.InvalidParams([new InvalidParam("body", $"Not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).")]);

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"This request body may be at most {(maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MiB" : $"{maxBytes / 1024} KiB")}.",
            type: ApiProblems.TypeBase + "too-large");
}
