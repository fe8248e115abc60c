using System.Security.Cryptography;
using System.Text;
using Dapper;
using Matchmaker.Api.Insights;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

// No description, and no word fewer than Insights__MinimumCellSize requests used, is ever stored.
public sealed class WordPrivacyTests : IDisposable
{
    private const string Description =
        "Wij zoeken subsidie voor zonnepanelen. Mail Quorvendaal via kees.quorvendaal@voorbeeld.nl of bel 0612345678, kantoor Zwiebelhoek 12";

    private readonly MatchmakerApiFactory _api = new(settings: new Dictionary<string, string> { ["Insights:MinimumCellSize"] = "3" });

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task OneRequest_LeavesNoDescriptionNoUniqueWordAndNoEmailAddressAnywhereInTheDatabase()
    {
        // Arrange
        var response = await _api.CreateClient().PostAsync("/v1/matches", Body($$"""
            { "company": { "municipalityCode": "GM0772" }, "need": { "description": "{{Description}}" } }
            """));

        // Act
        var words = await _api.WordsAsync();
        var stored = await EverythingStoredAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _api.EventsAsync());
        // The unrecognised words were counted, as hashes only; the e-mail address and the numbers not even that.
        var unrecognised = UnrecognisedWords.Of(Description, _api.Snapshot());
        Assert.Contains("quorvendaal", unrecognised);
        Assert.Contains("zwiebelhoek", unrecognised);
        Assert.DoesNotContain("kees", unrecognised);
        Assert.DoesNotContain("voorbeeld", unrecognised);
        var key = await WordKeyAsync();
        Assert.Equal(unrecognised.Select(w => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(w)))).Order(StringComparer.Ordinal),
            words.Select(w => w.Hash));
        Assert.All(words, w => Assert.Equal((1L, (string?)null), (w.Events, w.Word)));
        foreach (var secret in new[] { "quorvendaal", "zwiebelhoek", "kees.quorvendaal@voorbeeld.nl", "voorbeeld.nl", "0612345678", "Wij zoeken subsidie" })
        {
            Assert.DoesNotContain(secret.ToLowerInvariant(), stored, StringComparison.Ordinal);
        }

        // The search itself finds what is there.
        Assert.Contains("t-open-subsidy", stored, StringComparison.Ordinal);
        Assert.Contains("gm0772", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWordEnoughRequestsUsed_IsStoredAndShownFromThenOn_AndNotBefore()
    {
        // Arrange
        var client = _api.CreateClient();
        var analyst = await _api.ClientWithKeyAsync("analyst");
        async Task AskAsync() =>
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/matches?description=kniptangzorg%20voor%20zonnepanelen")).StatusCode);

        // Act
        await AskAsync();
        await AskAsync();
        var below = await _api.WordsAsync();
        var shownBelow = await (await analyst.GetAsync("/v1/insights/words")).JsonAsync();
        await AskAsync();
        var at = await _api.WordsAsync();
        var shownAt = await (await analyst.GetAsync("/v1/insights/words")).JsonAsync();

        // Assert
        Assert.Equal((2L, (string?)null), (Assert.Single(below).Events, Assert.Single(below).Word));
        Assert.Empty(shownBelow.GetProperty("items").EnumerateArray());
        Assert.Equal(3, shownBelow.GetProperty("minimumCellSize").GetInt32());
        Assert.Equal((3L, "kniptangzorg"), (Assert.Single(at).Events, Assert.Single(at).Word));
        var item = Assert.Single(shownAt.GetProperty("items").EnumerateArray());
        Assert.Equal(("kniptangzorg", 3L), (item.GetProperty("word").GetString(), item.GetProperty("requests").GetInt64()));
    }

    [Fact]
    public async Task OneSenderRepeatingAWord_CountsOnceADay()
    {
        // Arrange
        var snapshot = _api.Snapshot();
        DemandEvent From(string source, string day) => Event(day) with { Description = "Blorptang", Snapshot = snapshot, Source = source };

        // Act: five times from one sender, once from another, then the first again the next day.
        await _api.WriteAsync([.. Enumerable.Repeat(From("ip:192.0.2.1", "2026-11-26"), 5), From("ip:192.0.2.2", "2026-11-26")]);
        var sameDay = Assert.Single(await _api.WordsAsync());
        await _api.WriteAsync([From("ip:192.0.2.1", "2026-11-27")]);
        var nextDay = Assert.Single(await _api.WordsAsync());

        // Assert
        Assert.Equal((2L, (string?)null), (sameDay.Events, sameDay.Word));
        Assert.Equal((3L, "blorptang"), (nextDay.Events, nextDay.Word));
    }

    [Fact]
    public async Task TheWordKey_IsMadeOnceAndKeptInTheDatabase_OrTakenFromConfiguration()
    {
        // Arrange
        const string Configured = "a-word-key-set-outside-the-database-0123456789";
        using var configured = new MatchmakerApiFactory(settings: new Dictionary<string, string> { ["Insights:WordKey"] = Configured });
        var snapshot = _api.Snapshot();
        var blorp = Event("2026-11-26") with { Description = "Blorptang", Snapshot = snapshot };

        // Act
        await _api.WriteAsync([blorp]);
        await configured.WriteAsync([blorp with { Snapshot = configured.Snapshot() }]);
        var key = await WordKeyAsync();
        var hash = Assert.Single(await _api.WordsAsync()).Hash;
        var configuredHash = Assert.Single(await configured.WordsAsync()).Hash;

        // Assert
        Assert.Equal(32, key.Length);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, "blorptang"u8)), hash);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Configured), "blorptang"u8)), configuredHash);
        await using var other = await configured.Database.OpenAsync();
        Assert.Equal(0, await other.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM insights_keys"));
    }

    private async Task<byte[]> WordKeyAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        return Convert.FromBase64String(await connection.ExecuteScalarAsync<string>("SELECT word_key FROM insights_keys") ?? "");
    }

    // Every byte of the SQLite files, or on PostgreSQL every row of every table as text; lower case.
    private async Task<string> EverythingStoredAsync()
    {
        var text = new StringBuilder();
        if (!_api.Database.IsPostgres)
        {
            // The main file and its write-ahead log: what is committed is in one of the two.
            foreach (var file in new[] { "", "-wal", "-journal" }.Select(s => _api.Database.Name + s).Where(File.Exists))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                text.Append(Encoding.UTF8.GetString(memory.ToArray()));
            }

            return text.ToString().ToLowerInvariant();
        }

        await using var connection = await _api.Database.OpenAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        foreach (var table in tables)
        {
            // The name comes from the catalogue, not from input.
            foreach (var row in await connection.QueryAsync<string>($"SELECT CAST(t AS text) FROM \"{table}\" t"))
            {
                text.AppendLine(row);
            }
        }

        return text.ToString().ToLowerInvariant();
    }
}
