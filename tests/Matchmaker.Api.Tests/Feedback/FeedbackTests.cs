using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;

namespace Matchmaker.Api.Tests.Feedback;

public sealed class FeedbackTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Send_Anonymous_Returns202WithIdAndReceivedAt()
    {
        // Act
        var response = await _api.CreateClient().PostAsync("/v1/schemes/t-brabant-fund/feedback",
            Json("""{ "message": "Het maximumbedrag is sinds 2026 € 50.000.\nZie de nieuwe regeling.", "field": "funding.maxEur" }"""));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Matches("^[0-9a-f]{16}$", receipt.GetProperty("id").GetString());
        Assert.Equal(MatchmakerApiFactory.Today, receipt.GetProperty("receivedAt").GetDateTimeOffset());
        var admin = await _api.ClientWithKeyAsync("admin");
        var item = (await (await admin.GetAsync("/v1/feedback")).JsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(receipt.GetProperty("id").GetString(), item.GetProperty("id").GetString());
        Assert.Equal("t-brabant-fund", item.GetProperty("schemeId").GetString());
        Assert.Equal("funding.maxEur", item.GetProperty("field").GetString());
        Assert.Equal("Het maximumbedrag is sinds 2026 € 50.000.\nZie de nieuwe regeling.", item.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Send_WithoutField_CrlfAndThousandCharacters_IsAccepted()
    {
        // 1,000 characters once CRLF is one newline, counted as characters, not UTF-16 units (each emoji is two of those).
        var message = "regel een\r\nregel twee " + new string('x', 1000 - 21 - 10) + string.Concat(Enumerable.Repeat("😀", 10));

        var response = await Post("t-advice", new { message });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var item = (await (await (await _api.ClientWithKeyAsync("admin")).GetAsync("/v1/feedback")).JsonAsync()).GetProperty("items")[0];
        Assert.StartsWith("regel een\nregel twee x", item.GetProperty("message").GetString());
        Assert.False(item.TryGetProperty("field", out _));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{ "message": "" }""", "message" },
        { """{ "message": "   \n  " }""", "message" },
        { "{ \"message\": \"" + new string('a', 1001) + "\" }", "message" },
        { """{ "message": "bel me\u0007" }""", "message" },
        { """{ "message": "kolom\tkolom" }""", "message" },
        { """{ "message": "half \ud800 teken" }""", "message" },
        { """{ "message": 42 }""", "message" },
        { """{ "field": "funding" }""", "message" },
        { """{ "message": "ok", "field": "funding\nmaxEur" }""", "field" },
        { """{ "message": "ok", "field": "" }""", "field" },
        { """{ "message": "ok", "field": "de subsidie" }""", "field" },
        { """{ "message": "ok", "field": "telephone" }""", "field" },
        { """{ "message": "ok", "field": ["funding"] }""", "field" },
        { """{ "message": "ok", "email": "a@example.org" }""", "email" },
        { """[ "message" ]""", "body" },
        { """{ "message": "ok", "message": "twice" }""", "message" },
        { """{ "message": "ok", "\ud800x": 1 }""", "body" },
        { """{ "message": "ok", "a\u0000b": 1 }""", "ab" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Send_InvalidBody_Returns400NamingTheField(string body, string field)
    {
        // Act
        var response = await _api.CreateClient().PostAsync("/v1/schemes/t-advice/feedback", Json(body));

        // Assert
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("https://matchmaker.dev/problems/invalid-params", problem.GetProperty("type").GetString());
        Assert.Equal([field], problem.InvalidParamNames());
        Assert.Equal(0, await FeedbackRowsAsync());
    }

    [Fact]
    public async Task Send_SeveralProblems_ListsEveryOneAtOnce()
    {
        var response = await _api.CreateClient().PostAsync("/v1/schemes/t-advice/feedback",
            Json("""{ "message": "te lang\u0001", "field": "nergens", "contact": "06-12345678" }"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["contact", "field", "message"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_NotJsonOrTooLarge_Returns415Or413()
    {
        var client = _api.CreateClient();

        var text = await client.PostAsync("/v1/schemes/t-advice/feedback", new StringContent("message=hallo", Encoding.UTF8, "text/plain"));
        var large = await client.PostAsync("/v1/schemes/t-advice/feedback", Json("{ \"message\": \"" + new string('a', 20_000) + "\" }"));

        await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await large.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Send_UnknownOrArchivedScheme_Returns404Problem()
    {
        var admin = await _api.ClientWithKeyAsync("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/v1/schemes/t-advice")).StatusCode);

        var unknown = await Post("no-such-scheme", new { message = "Deze regeling bestaat niet meer." });
        var archived = await Post("t-advice", new { message = "Deze regeling bestaat niet meer." });

        var problem = await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("https://matchmaker.dev/problems/not-found", problem.GetProperty("type").GetString());
        await archived.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await FeedbackRowsAsync());
    }

    [Fact]
    public async Task Send_OverTheLimit_Returns429ProblemWithRetryAfter_PerClientAddress()
    {
        using var limited = new MatchmakerApiFactory(feedbackPerMinute: 2);
        limited.CreateClient();

        var statuses = new List<int>();
        HttpContext? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await PostFrom(limited, "203.0.113.7", "t-advice", """{ "message": "Het telefoonnummer klopt niet." }""");
            statuses.Add(last.Response.StatusCode);
        }

        var otherAddress = await PostFrom(limited, "198.51.100.20", "t-advice", """{ "message": "Het telefoonnummer klopt niet." }""");

        Assert.Equal([202, 202, 429], statuses);
        Assert.Equal("application/problem+json", last!.Response.ContentType);
        Assert.True(int.Parse(last.Response.Headers.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var problem = await JsonDocument.ParseAsync(last.Response.Body);
        Assert.Equal("https://matchmaker.dev/problems/rate-limited", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(202, otherAddress.Response.StatusCode);
        // The small limit is the feedback's own: reading goes on.
        Assert.Equal(HttpStatusCode.OK, (await limited.CreateClient().GetAsync("/v1/schemes/t-advice")).StatusCode);
    }

    [Fact]
    public void Start_NegativeFeedbackLimit_FailsNamingTheSetting()
    {
        using var misconfigured = new MatchmakerApiFactory(feedbackPerMinute: -1);

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        Assert.Contains("Feedback__PerMinute", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_StoresNothingAboutTheSender()
    {
        // Arrange: a request that carries an address, a user agent, a referrer and a key.
        var adviserKey = await _api.CreateKeyAsync("adviser");

        // Act
        var context = await _api.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.77");
            c.Request.Method = "POST";
            c.Request.Path = "/v1/schemes/t-brabant-fund/feedback";
            c.Request.ContentType = "application/json";
            c.Request.Headers.UserAgent = "Sender-Agent/9.9";
            c.Request.Headers.Referer = "https://sender.example/page";
            c.Request.Headers["X-Forwarded-For"] = "192.0.2.99";
            c.Request.Headers["X-Api-Key"] = adviserKey;
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{ "message": "De einddatum is verschoven." }"""));
        });

        // Assert
        Assert.Equal(202, context.Response.StatusCode);
        await using var connection = await _api.Database.OpenAsync();
        var columns = (await connection.QueryAsync<string>(_api.Database.IsPostgres
            ? "SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback' ORDER BY ordinal_position"
            : "SELECT name FROM pragma_table_info('feedback') ORDER BY cid")).ToList();
        Assert.Equal(["id", "scheme_id", "field", "message", "received_at"], columns);
        var row = (IDictionary<string, object?>)await connection.QuerySingleAsync("SELECT * FROM feedback");
        Assert.Equal("De einddatum is verschoven.", row["message"]);
        Assert.Null(row["field"]);
        Assert.Equal("2026-11-26T12:00:00Z", row["received_at"]);
        var keyId = adviserKey.Split('_')[1];
        var traces = new[] { "203.0.113.77", "192.0.2.99", "Sender-Agent", "sender.example" };
        if (_api.Database.IsPostgres)
        {
            // Every row of every table, as text: what a dump of the database would show.
            var tables = await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
            foreach (var table in tables)
            {
                var text = await connection.ExecuteScalarAsync<string?>($"SELECT string_agg(t::text, ' ') FROM \"{table}\" t") ?? "";
                Assert.All(traces, trace => Assert.DoesNotContain(trace, text, StringComparison.Ordinal));
            }
        }
        else
        {
            connection.Close();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _api.Database.Name, _api.Database.Name + "-wal" }.Where(File.Exists))
            {
                var bytes = await ReadSharedAsync(file);
                foreach (var trace in traces)
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(trace)) < 0, $"{Path.GetFileName(file)} holds {trace}");
                }
            }
        }

        Assert.DoesNotContain(keyId, row.Values.Select(v => v?.ToString()));
    }

    [Fact]
    public async Task List_Publisher_SeesOnlyItsOwnProvidersReports_AdminSeesAll()
    {
        // Arrange: t-brabant-fund is provincie-test's, t-advice test-national's.
        await Post("t-brabant-fund", new { message = "Brabant 1" });
        await Post("t-advice", new { message = "Advies 1", field = "url" });
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        await Post("t-brabant-fund", new { message = "Brabant 2" });
        var brabant = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var municipality = await _api.ClientWithKeyAsync("publisher", "gemeente-test");
        var admin = await _api.ClientWithKeyAsync("admin");

        // Act
        var own = await (await brabant.GetAsync("/v1/feedback")).JsonAsync();
        var foreignFiltered = await (await brabant.GetAsync("/v1/feedback?schemeId=t-advice")).JsonAsync();
        var other = await (await municipality.GetAsync("/v1/feedback")).JsonAsync();
        var all = await (await admin.GetAsync("/v1/feedback")).JsonAsync();
        var filtered = await (await admin.GetAsync("/v1/feedback?schemeId=t-advice")).JsonAsync();

        // Assert
        Assert.Equal(["Brabant 2", "Brabant 1"], Messages(own));
        Assert.All(own.GetProperty("items").EnumerateArray(), i => Assert.Equal("t-brabant-fund", i.GetProperty("schemeId").GetString()));
        Assert.Empty(Messages(foreignFiltered));
        Assert.Empty(Messages(other));
        Assert.Equal(0, other.GetProperty("totalItems").GetInt32());
        Assert.Equal("Brabant 2", Messages(all)[0]);
        Assert.Equal(["Advies 1", "Brabant 1", "Brabant 2"], Messages(all).Order(StringComparer.Ordinal));
        Assert.Equal(3, all.GetProperty("totalItems").GetInt32());
        Assert.Equal(["Advies 1"], Messages(filtered));
        Assert.Equal("url", filtered.GetProperty("items")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task List_ArchivedScheme_ReportsStayVisibleToItsPublisher()
    {
        await Post("t-brabant-fund", new { message = "Brabant 1" });
        var brabant = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        Assert.Equal(HttpStatusCode.NoContent, (await brabant.DeleteAsync("/v1/schemes/t-brabant-fund")).StatusCode);

        var own = await (await brabant.GetAsync("/v1/feedback")).JsonAsync();

        Assert.Equal(["Brabant 1"], Messages(own));
    }

    [Fact]
    public async Task List_Pages_WithLinkHeaders()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Post("t-advice", new { message = $"Melding {i}" });
            _api.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var admin = await _api.ClientWithKeyAsync("admin");

        var first = await admin.GetAsync("/v1/feedback?schemeId=t-advice&pageSize=2");
        var second = await (await admin.GetAsync("/v1/feedback?schemeId=t-advice&pageSize=2&page=2")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await first.JsonAsync();
        Assert.Equal(["Melding 3", "Melding 2"], Messages(page));
        Assert.Equal(3, page.GetProperty("totalItems").GetInt32());
        Assert.Equal(2, page.GetProperty("totalPages").GetInt32());
        var link = string.Join(", ", first.Headers.GetValues("Link"));
        Assert.Contains("schemeId=t-advice&page=2&pageSize=2>; rel=\"next\"", link);
        Assert.Contains("rel=\"last\"", link);
        Assert.Equal(["Melding 1"], Messages(second));
    }

    [Fact]
    public async Task List_WithoutKey401_AdviserKey403_BadQuery400()
    {
        var anonymous = await _api.CreateClient().GetAsync("/v1/feedback");
        var adviser = await (await _api.ClientWithKeyAsync("adviser")).GetAsync("/v1/feedback");
        var bad = await (await _api.ClientWithKeyAsync("admin")).GetAsync("/v1/feedback?schemeId=Not%20An%20Id&pageSize=0&ip=1");

        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("ApiKey", anonymous.Headers.WwwAuthenticate.ToString());
        await adviser.ProblemAsync(HttpStatusCode.Forbidden);
        var problem = await bad.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["ip", "pageSize", "schemeId"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_FromAnotherSite_IsOpenToCors()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/schemes/t-advice/feedback");
        preflight.Headers.Add("Origin", "https://www.gemeente.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        var response = await _api.CreateClient().SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    private Task<HttpResponseMessage> Post(string schemeId, object body) =>
        _api.CreateClient().PostAsync($"/v1/schemes/{schemeId}/feedback", Json(JsonSerializer.Serialize(body)));

    private static Task<HttpContext> PostFrom(MatchmakerApiFactory api, string address, string schemeId, string body) =>
        api.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
            c.Request.Method = "POST";
            c.Request.Path = $"/v1/schemes/{schemeId}/feedback";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        });

    private async Task<long> FeedbackRowsAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feedback");
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static List<string> Messages(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").GetString()!).ToList();

    private static StringContent Json(string body) =>
        new(body, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
}
