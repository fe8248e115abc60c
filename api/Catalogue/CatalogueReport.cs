using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Cli;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Catalogue;

// dotnet run --project api -- catalogue report: what the service holds, counted, and what needs checking again.
public static class CatalogueReport
{
    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var host = await CommandHost.OpenDatabaseAsync(error, ct);
        if (host is null)
        {
            return 1;
        }

        var services = host.Services;
        // The report describes what a start would serve: the database with data/ applied by the usual seed rules.
        await services.GetRequiredService<CatalogueSeeder>().SeedAsync(ct);
        var today = services.GetRequiredService<TimeProvider>().TodayInAmsterdam();
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(ct);
        var schemes = (await SchemeRepository.PublishedAsync(connection, ct)).Select(r => r.Document).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var municipalities = (await connection.QueryAsync<(string Code, string Name, string ProvinceCode)>(new CommandDefinition(
            "SELECT code, name, province_code FROM municipalities", cancellationToken: ct))).ToList();
        var provinces = (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
            "SELECT code, name FROM provinces ORDER BY code", cancellationToken: ct))).ToList();
        // Flush the log output first, so the report is not interleaved with it.
        host.Dispose();
        await output.WriteAsync(Render(schemes, municipalities, provinces, today));
        return 0;
    }

    public static string Render(
        IReadOnlyList<SchemeDocument> schemes, IReadOnlyList<(string Code, string Name, string ProvinceCode)> municipalities,
        IReadOnlyList<(string Code, string Name)> provinces, DateOnly today)
    {
        var provinceOf = municipalities.ToDictionary(m => m.Code, m => m.ProvinceCode);
        var active = schemes.Where(s => s.Ended != true).ToList();
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        void Counts(string title, IEnumerable<(string Key, int Count)> rows)
        {
            Line(title);
            foreach (var (key, count) in rows)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"  {key,-40} {count,5}"));
            }

            Line("");
        }

        Line(string.Create(CultureInfo.InvariantCulture, $"Catalogue on {today:yyyy-MM-dd}: {schemes.Count} schemes, {active.Count} in force, {schemes.Count - active.Count} ended"));
        Line("");
        Counts("Per level (in force):", active.GroupBy(s => s.Level).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())));
        Counts("Per instrument (in force):", active.GroupBy(s => s.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())));
        Counts("Per province: regional schemes valid there (provincial level, in force):", provinces.Select(p => ($"{p.Code} {p.Name}",
            active.Count(s => s.Level == SchemeLevels.Provincial && s.Areas.Any(a => a == p.Code || (provinceOf.TryGetValue(a, out var pv) && pv == p.Code))))));
        Counts("Per municipality: municipal schemes of its own (in force):", municipalities
            .Select(m => ($"{m.Code} {m.Name}", active.Count(s => s.Level == SchemeLevels.Municipal && s.Areas.Contains(m.Code))))
            .Where(r => r.Item2 > 0).OrderBy(r => r.Item1, StringComparer.Ordinal));
        var yearAgo = today.AddMonths(-12);
        var stale = schemes.Where(s => s.LastVerifiedOn < yearAgo).OrderBy(s => s.LastVerifiedOn).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        Line(string.Create(CultureInfo.InvariantCulture, $"Last verified more than 12 months ago: {stale.Count}"));
        foreach (var s in stale)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"  {s.LastVerifiedOn:yyyy-MM-dd}  {s.Id}  {s.SourceUrl}"));
        }

        Line("");
        var oldSource = schemes.Where(s => s.SourceDate < yearAgo).OrderBy(s => s.SourceDate).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        Line(string.Create(CultureInfo.InvariantCulture, $"Source dated more than 12 months ago: {oldSource.Count}"));
        foreach (var s in oldSource)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"  {s.SourceDate:yyyy-MM-dd}  {s.Id}  {s.SourceUrl}"));
        }

        Line("");
        var unstructured = active.Where(s => !HasStructuredRules(s)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Line(string.Create(CultureInfo.InvariantCulture, $"In force without structured rules (no eligibility criterion but conditions): {unstructured.Count}"));
        foreach (var s in unstructured)
        {
            Line($"  {s.Id}  {s.Provider}");
        }

        return text.ToString();
    }

    // Matching can only decide on criteria it can read; "conditions" are left to a person.
    public static bool HasStructuredRules(SchemeDocument scheme) =>
        scheme.Eligibility is { } eligibility
        && JsonSerializer.SerializeToNode(eligibility, CatalogueJson.Options) is JsonObject rules
        && rules.Any(r => r.Key != "conditions");
}
