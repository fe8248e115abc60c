using System.Text;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Insights;

// What the insights tests share: sending matches, waiting for their events to be written, reading them back, and
// writing hand-made events straight through the store.
public static class InsightsTestKit
{
    public sealed record EventRow(
        long Id, string Day, string Month, string? Province, string? Municipality, string? SizeClass, string? SbiSection, string? AgeBand, string Channel,
        long Fitting, long Unmet);

    public static StringContent Body(string body) => new(body, Encoding.UTF8, "application/json");

    public static Task FlushAsync(this MatchmakerApiFactory api) =>
        api.Services.GetRequiredService<DemandRecorder>().FlushAsync(CancellationToken.None);

    public static async Task<IReadOnlyList<EventRow>> EventsAsync(this MatchmakerApiFactory api)
    {
        await api.FlushAsync();
        await using var connection = await api.Database.OpenAsync();
        return (await connection.QueryAsync<EventRow>(
            "SELECT id AS Id, day AS Day, month AS Month, province AS Province, municipality AS Municipality, size_class AS SizeClass, " +
            "sbi_section AS SbiSection, age_band AS AgeBand, channel AS Channel, fitting AS Fitting, unmet AS Unmet FROM demand_events ORDER BY id")).ToList();
    }

    public static async Task<IReadOnlyList<string>> CodesAsync(this MatchmakerApiFactory api, long eventId, string kind)
    {
        await using var connection = await api.Database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT code FROM demand_event_codes WHERE event_id = @eventId AND kind = @kind ORDER BY code", new { eventId, kind })).ToList();
    }

    public static async Task<IReadOnlyList<string>> ShownAsync(this MatchmakerApiFactory api, long eventId)
    {
        await using var connection = await api.Database.OpenAsync();
        var shown = await connection.ExecuteScalarAsync<string>("SELECT shown FROM demand_events WHERE id = @eventId", new { eventId });
        return shown!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<IReadOnlyList<(string Hash, long Events, string? Word)>> WordsAsync(this MatchmakerApiFactory api)
    {
        await api.FlushAsync();
        await using var connection = await api.Database.OpenAsync();
        return (await connection.QueryAsync<(string, long, string?)>("SELECT hash, events, word FROM demand_words ORDER BY hash")).ToList();
    }

    public static Task WriteAsync(this MatchmakerApiFactory api, IReadOnlyList<DemandEvent> events)
    {
        api.CreateClient();
        return api.Services.GetRequiredService<DemandStore>().WriteAsync(events, CancellationToken.None);
    }

    public static CatalogueSnapshot Snapshot(this MatchmakerApiFactory api)
    {
        api.CreateClient();
        return api.Services.GetRequiredService<CatalogueSnapshotProvider>().Current;
    }

    public static async Task ClearAsync(this MatchmakerApiFactory api)
    {
        await using var connection = await api.Database.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM demand_events");
        await connection.ExecuteAsync("DELETE FROM demand_words");
    }

    // A hand-made event: a day and the facets that matter to the test; unmet when fitting is 0.
    public static DemandEvent Event(
        string day, string? channel = null, string? province = null, string? municipality = null, string? sizeClass = null,
        string? sbiSection = null, string? ageBand = null, string[]? purposes = null, string[]? themes = null, string[]? instruments = null,
        int fitting = 1, string[]? shown = null) =>
        new(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), channel ?? DemandChannels.Anonymous, province, municipality, sizeClass, sbiSection, ageBand,
            purposes ?? [], themes ?? [], instruments ?? [], fitting, shown ?? []);

    public static IReadOnlyList<string> Keys(this JsonElement report) =>
        report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToList();

    public static long Requests(this JsonElement report, string key) =>
        report.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == key).GetProperty("requests").GetInt64();
}
