using System.Text.Json;
using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Matchmaker.Api.Tests.Errors;

// A database that stays busy is no fault of the request: 503 with Retry-After, the service's problem shape, no
// exception text; anything else still 500.
public sealed class TransientFailureTests
{
    public static TheoryData<string, int> Failures => new()
    {
        { "sqlite-busy", 503 },
        { "sqlite-locked", 503 },
        { "npgsql-pool", 503 },
        { "sqlite-constraint", 500 },
        { "other", 500 },
    };

    private static Exception Make(string kind) => kind switch
    {
        "sqlite-busy" => new SqliteException("database is locked", 5),
        "sqlite-locked" => new SqliteException("database table is locked", 6),
        "npgsql-pool" => new NpgsqlException("The connection pool has been exhausted", new TimeoutException()),
        "sqlite-constraint" => new SqliteException("UNIQUE constraint failed: schemes.id", 19),
        _ => new InvalidOperationException("secret internals"),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task DatabaseFailure_IsAnsweredByKind(string kind, int status)
    {
        // Arrange
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddErrorHandling();
        await using var app = builder.Build();
        app.UseErrorHandling();
        app.MapPost("/write", (Func<IResult>)(() => throw Make(kind)));
        await app.StartAsync();

        // Act
        var response = await app.GetTestClient().PostAsync("/write", null);

        // Assert
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("locked", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("constraint", body, StringComparison.OrdinalIgnoreCase);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Assert.Equal("Service unavailable", problem.GetProperty("title").GetString());
            Assert.Equal(TransientFailures.Detail, problem.GetProperty("detail").GetString());
            Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.4", problem.GetProperty("type").GetString());
            Assert.Equal(TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.RetryAfter?.ToString());
        }
        else
        {
            Assert.Null(response.Headers.RetryAfter);
        }
    }
}
