using Matchmaker.Api.Http;
using System.Globalization;
using System.Text;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Catalogue;

// dotnet run --project api -- catalogue report: what the service holds, counted, and what needs checking again.
public static class CatalogueReport
{
    public static bool IsCommand(string[] args) => args is ["catalogue", "report", ..];

    public static async Task<int> RunCatalogueReportAsync(this WebApplication app)
    {
        var services = app.Services;
        var ct = CancellationToken.None;
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        await services.GetRequiredService<CatalogueSeeder>().SeedAsync(ct);
        var today = services.GetRequiredService<TimeProvider>().TodayInAmsterdam();
        await using var connection = await services.GetRequiredService<SqliteConnectionFactory>().OpenAsync(ct);
        var schemes = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM schemes WHERE archived = 0 ORDER BY id", cancellationToken: ct))).Select(CatalogueJson.Deserialize).ToList();
        var municipalities = (await connection.QueryAsync<(string Code, string Name, string ProvinceCode)>(new CommandDefinition(
            "SELECT code, name, province_code FROM municipalities", cancellationToken: ct))).ToDictionary(m => m.Code);
        var provinces = (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
            "SELECT code, name FROM provinces ORDER BY code", cancellationToken: ct))).ToList();
        await app.DisposeAsync();
        Console.Write(Render(schemes, municipalities.Values.Select(m => (m.Code, m.Name, m.ProvinceCode)).ToList(), provinces, today));
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
            active.Count(s => s.Level == "provincial" && s.Areas.Any(a => a == p.Code || (provinceOf.TryGetValue(a, out var pv) && pv == p.Code))))));
        Counts("Per municipality: municipal schemes of its own (in force):", municipalities
            .Select(m => ($"{m.Code} {m.Name}", active.Count(s => s.Level == "municipal" && s.Areas.Contains(m.Code))))
            .Where(r => r.Item2 > 0).OrderBy(r => r.Item1, StringComparer.Ordinal));
        var stale = schemes.Where(s => s.LastVerifiedOn < today.AddMonths(-12)).OrderBy(s => s.LastVerifiedOn).ToList();
        Line(string.Create(CultureInfo.InvariantCulture, $"Last verified more than 12 months ago: {stale.Count}"));
        foreach (var s in stale)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"  {s.LastVerifiedOn:yyyy-MM-dd}  {s.Id}  {s.SourceUrl}"));
        }

        return text.ToString();
    }
}
