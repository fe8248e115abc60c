using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Tests.Data;

public sealed class CatalogueReportTests
{
    [Fact]
    public void Report_CountsPerLevelInstrumentProvinceAndMunicipality_AndListsStaleRecords()
    {
        var data = CatalogueData.Load(TestPaths.RealData);
        var schemes = data.Schemes.ToList();
        var old = schemes[0] with { Id = "old-record", LastVerifiedOn = new DateOnly(2024, 1, 1) };

        var report = CatalogueReport.Render([.. schemes, old], data.Municipalities.Select(m => (m.Code, m.Name, m.ProvinceCode)).ToList(),
            data.Provinces.Select(p => (p.Code, p.Name)).ToList(), new DateOnly(2026, 11, 26));

        Assert.Contains("Per level (in force):", report);
        Assert.Contains("  national ", report);
        Assert.Contains("  tax-benefit ", report);
        Assert.Contains("PV31 Limburg", report);
        Assert.Contains("GM0363 Amsterdam", report);
        Assert.Contains("Last verified more than 12 months ago: 1", report);
        Assert.Contains("2024-01-01  old-record", report);
    }

    [Fact]
    public void Report_ListsOldSourcesAndRecordsWithoutStructuredRules()
    {
        // Arrange
        var data = CatalogueData.Load(TestPaths.RealData);
        var template = data.Schemes.First(s => s.Ended != true);
        var oldSource = template with { Id = "old-source", SourceDate = new DateOnly(2025, 11, 25), LastVerifiedOn = new DateOnly(2026, 11, 1) };
        var recentSource = template with { Id = "recent-source", SourceDate = new DateOnly(2025, 11, 26), LastVerifiedOn = new DateOnly(2026, 11, 1) };
        var conditionsOnly = template with
        {
            Id = "conditions-only",
            Eligibility = new SchemeEligibility(Conditions: [new LocalizedText("Alleen voor leden van de coöperatie")]),
        };
        var noEligibility = template with { Id = "no-eligibility", Eligibility = null };
        var structured = template with { Id = "structured", Eligibility = new SchemeEligibility(MaxEmployees: 249) };
        var endedWithoutRules = template with { Id = "ended-without-rules", Eligibility = null, Ended = true };

        // Act
        var report = CatalogueReport.Render([oldSource, recentSource, conditionsOnly, noEligibility, structured, endedWithoutRules],
            data.Municipalities.Select(m => (m.Code, m.Name, m.ProvinceCode)).ToList(), data.Provinces.Select(p => (p.Code, p.Name)).ToList(),
            new DateOnly(2026, 11, 26));

        // Assert
        var sources = Section(report, "Source dated more than 12 months ago:");
        Assert.Contains("2025-11-25  old-source", sources);
        Assert.DoesNotContain("recent-source", sources);
        var unstructured = Section(report, "In force without structured rules");
        Assert.Contains("  conditions-only ", unstructured);
        Assert.Contains("  no-eligibility ", unstructured);
        Assert.DoesNotContain("  structured ", unstructured);
        Assert.DoesNotContain("ended-without-rules", unstructured);
        Assert.False(CatalogueReport.HasStructuredRules(conditionsOnly));
        Assert.True(CatalogueReport.HasStructuredRules(template with { Eligibility = new SchemeEligibility(CollaborationRequired: true) }));
    }

    [Fact]
    public async Task ReportCommand_PrintsTheReportFromTheSeededDatabase()
    {
        // Arrange
        using var cli = new Matchmaker.Api.Tests.Cli.CliProcess();
        cli.Environment["Catalogue__DataPath"] = TestPaths.FixtureData();

        // Act
        var (exit, output, _) = await cli.RunAsync("catalogue", "report");

        // Assert
        Assert.Equal(0, exit);
        Assert.StartsWith("Catalogue on ", output);
        Assert.Contains(": 9 schemes", output.Split('\n')[0]);
        Assert.Contains("Source dated more than 12 months ago:", output);
        Assert.Contains("In force without structured rules", output);
    }

    // The heading line with its rows, up to the next blank line.
    private static string Section(string report, string heading)
    {
        var start = report.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{heading}'");
        var end = report.IndexOf(Environment.NewLine + Environment.NewLine, start, StringComparison.Ordinal);
        return end < 0 ? report[start..] : report[start..end];
    }
}
