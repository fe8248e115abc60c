namespace Matchmaker.Api.Http;

// An answer serialized before it is sent (a scheme page, matches): written in one go as a 200 with its length, so
// the client sees Content-Length and nothing is flushed halfway.
public static class PreparedJson
{
    public static Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
