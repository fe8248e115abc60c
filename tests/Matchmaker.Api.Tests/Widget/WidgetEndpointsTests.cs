using Matchmaker.Api.Tests.Catalogue;

namespace Matchmaker.Api.Tests.Widget;

public sealed class WidgetEndpointsTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    [Fact]
    public async Task Script_IsCacheableAndOpenToEveryOrigin()
    {
        var client = api.Factory.CreateClient();

        var first = await client.GetAsync("/widget/matchmaker.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/widget/matchmaker.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(again);
        using var any = new HttpRequestMessage(HttpMethod.Get, "/widget/matchmaker.js");
        any.Headers.TryAddWithoutValidation("If-None-Match", "*");
        var third = await client.SendAsync(any);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age=3600", first.Headers.CacheControl!.ToString());
        Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("customElements.define(\"matchmaker-widget\"", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, third.StatusCode);
    }

    [Fact]
    public async Task DemoPage_EmbedsTheWidgetAndExplainsIt()
    {
        var response = await api.Factory.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<matchmaker-widget municipality=\"GM0772\"", html);
        Assert.Contains("/widget/matchmaker.js", html);
        Assert.Contains("municipality", html);
    }
}
