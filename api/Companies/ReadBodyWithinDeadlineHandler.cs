namespace Matchmaker.Api.Companies;

// Sits inside the resilience handler, so each attempt reads the whole body before it counts as answered: the attempt
// and total timeouts then cover a body that stalls (headers sent, Content-Length never met), the retry sees a timeout,
// and the circuit breaker counts the failure. Refit would otherwise read the body later, outside every deadline.
public sealed class ReadBodyWithinDeadlineHandler : DelegatingHandler
{
    // KVK and PDOK answers are small JSON documents (a full Zoeken page is about 100 KB); anything far larger is wrong.
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxBodyBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
