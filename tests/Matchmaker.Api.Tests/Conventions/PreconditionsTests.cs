using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Matchmaker.Api.Tests.Conventions;

public sealed class PreconditionsTests
{
    // Clients keep ETags across releases: the format (version, then 16 hex of SHA-256 of the content) must not drift.
    [Fact]
    public void ETag_IsVersionAndShortContentHash_Quoted()
    {
        Assert.Equal("\"3-ba7816bf8f01cfea\"", Preconditions.ETag(3, "abc"));
        Assert.Equal("\"ba7816bf8f01cfea\"", Preconditions.ETag("abc"u8.ToArray()));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("\"3-ba7816bf8f01cfea\"", false)]
    [InlineData("\"2-ba7816bf8f01cfea\"", true)]
    [InlineData("W/\"3-ba7816bf8f01cfea\"", true)]
    public void IsStale_OnlyForAnIfMatchNamingAnotherVersion(string? ifMatch, bool stale)
    {
        Assert.Equal(stale, Preconditions.IsStale(ifMatch, "\"3-ba7816bf8f01cfea\""));
        Assert.Equal(string.IsNullOrEmpty(ifMatch), Preconditions.IsMissing(ifMatch));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("\"1-0000000000000000\"", false)]
    [InlineData("\"3-ba7816bf8f01cfea\"", true)]
    [InlineData("*", true)]
    [InlineData("\"1-0000000000000000\", \"3-ba7816bf8f01cfea\"", true)]
    [InlineData("W/\"3-ba7816bf8f01cfea\"", true)]
    [InlineData("3-ba7816bf8f01cfea", false)]
    public void IsNotModified_SetsTheETag_AndMatchesItOrAnyVersion(string? ifNoneMatch, bool notModified)
    {
        var context = new DefaultHttpContext();
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        Assert.Equal(notModified, context.IsNotModified("\"3-ba7816bf8f01cfea\""));
        Assert.Equal("\"3-ba7816bf8f01cfea\"", context.Response.Headers.ETag.ToString());
    }

    [Fact]
    public void IfMatchRequired_NamesWhereTheETagIsRead()
    {
        Assert.Equal("Send If-Match with the ETag of the profile you changed (from GET /v1/profiles/{id}), so no one else's change is lost.",
            ApiError.IfMatchRequired("profile", "/v1/profiles/{id}").Detail);
        Assert.Equal(StatusCodes.Status428PreconditionRequired, ApiProblems.StatusOf(ApiError.IfMatchRequired("version", "/v1/schemes/{id}")));
    }
}
