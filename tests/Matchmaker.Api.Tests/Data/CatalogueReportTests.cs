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
}
