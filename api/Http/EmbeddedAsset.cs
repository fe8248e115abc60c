namespace Matchmaker.Api.Http;

// A file served from the assembly (the widget, the insights page), so it travels with the service, with an ETag of its
// content and 304 for a client that has it.
public sealed record EmbeddedAsset(byte[] Content, string ContentType, string ETag)
{
    public static EmbeddedAsset Load(string resourceName, string contentType)
    {
        using var stream = typeof(EmbeddedAsset).Assembly.GetManifestResourceStream(resourceName)
                           ?? throw new InvalidOperationException($"Asset {resourceName} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        return new EmbeddedAsset(content, contentType, Preconditions.ETag(content));
    }

    public IResult Serve(HttpContext context, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        if (context.IsNotModified(ETag))
        {
            return Preconditions.NotModified();
        }

        return TypedResults.Bytes(Content, ContentType);
    }
}
