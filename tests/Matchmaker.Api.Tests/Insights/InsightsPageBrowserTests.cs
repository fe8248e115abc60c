using Deque.AxeCore.Playwright;
using Matchmaker.Api.Tests.Cli;
using Matchmaker.Api.Tests.Widget;
using Microsoft.Playwright;

namespace Matchmaker.Api.Tests.Insights;

// The real service on a real port with the real catalogue and simulated demand (the simulate command), an analyst key
// made with the key command, and Debian's Chromium driven by Playwright. The real catalogue answers nearly every
// simulated need, so the copy the service reads lacks the schemes for apprentices: the chart of needs no scheme meets
// then has groups to show, as it would for a gap in a real catalogue.
public sealed class InsightsPageFixture : IAsyncLifetime
{
    public const int Requests = 3000;

    public const string MissingPurpose = "take-on-apprentices";

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("matchmaker-insights-data-");
    private ServiceProcess? _service;
    private HeadlessChromium? _chromium;

    public string ApiBase { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string AnalystKey { get; private set; } = "";

    public string AdviserKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            return;
        }

        CopyWithout(Path.Combine(AppContext.BaseDirectory, "data"), _data.FullName, MissingPurpose);
        using (var cli = new CliProcess(_database))
        {
            cli.Environment["Catalogue__DataPath"] = _data.FullName;
            var simulated = await cli.RunAsync("insights", "simulate", "--requests", Requests.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(simulated.Exit == 0, simulated.Err);
            AnalystKey = (await cli.RunAsync("apikeys", "create", "--role", "analyst")).Out.Trim().Split('\n')[^1];
            AdviserKey = (await cli.RunAsync("apikeys", "create", "--role", "adviser")).Out.Trim().Split('\n')[^1];
        }

        _service = await ServiceProcess.StartReadyAsync("insights-page", _database, _data.FullName);
        ApiBase = _service.BaseUrl;

        _chromium = await HeadlessChromium.LaunchAsync();
        Browser = _chromium.Browser;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _database.Dispose();
        _data.Delete(recursive: true);
    }

    private static void CopyWithout(string from, string to, string purpose)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(Path.GetDirectoryName(file)) != "providers")
            {
                File.Copy(file, target);
                continue;
            }

            var provider = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var schemes = provider["schemes"]!.AsArray();
            foreach (var scheme in schemes.Where(s => s!["purposes"]!.AsArray().Any(p => (string?)p == purpose)).ToList())
            {
                schemes.Remove(scheme);
            }

            File.WriteAllText(target, provider.ToJsonString());
        }
    }
}

public sealed class InsightsPageBrowserTests(InsightsPageFixture fixture) : IClassFixture<InsightsPageFixture>
{
    private async Task<(IPage Page, List<string> Errors)> OpenAsync(int width = 1280, IBrowserContext? context = null)
    {
        context ??= await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(fixture.ApiBase + "/insights");
        return (page, errors);
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("API-sleutel (analist)").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Openen" }).ClickAsync();
    }

    [ChromiumFact]
    public async Task WithTheAnalystKey_ShowsChartsFirstAndTablesBelow_WithTheApisNumbers()
    {
        // Arrange
        var (page, errors) = await OpenAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", fixture.AnalystKey);
        var purposes = await (await http.GetAsync(fixture.ApiBase + "/v1/insights/demand?groupBy=purpose&language=nl")).JsonAsync();

        // Act
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();

        // Assert
        Assert.Equal(5, await page.Locator("figure svg[role=img]").CountAsync());
        Assert.Equal(5, await page.Locator("table caption").CountAsync());
        var chartsAbove = await page.EvaluateAsync<bool>(
            "() => [...document.querySelectorAll('figure')].every(f => f.getBoundingClientRect().bottom <= document.querySelector('#tables').getBoundingClientRect().top)");
        Assert.True(chartsAbove);
        var firstRow = page.Locator("#table-purpose tbody tr").First;
        var top = purposes.GetProperty("items")[0];
        Assert.Equal(top.GetProperty("label").GetString(), await firstRow.Locator("th").InnerTextAsync());
        Assert.Equal(top.GetProperty("requests").GetInt64().ToString("N0", new System.Globalization.CultureInfo("nl-NL")),
            await firstRow.Locator("td").First.InnerTextAsync());
        Assert.Equal(InsightsPageFixture.Requests.ToString("N0", new System.Globalization.CultureInfo("nl-NL")),
            await page.Locator("#headline strong").First.InnerTextAsync());
        Assert.True(await page.Locator("#table-words tbody tr").CountAsync() >= 3);
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task ThePage_IsAxeClean_AndEveryChartHasATextAlternative()
    {
        // Arrange
        var (page, errors) = await OpenAsync();
        var before = await page.RunAxe();
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();

        // Act
        var after = await page.RunAxe();
        var alternatives = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('svg[role=img]')].map(s => s.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' | '))");

        // Assert
        Assert.True(before.Violations.Length == 0, string.Join("\n", before.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.True(after.Violations.Length == 0, string.Join("\n", after.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.Equal(5, alternatives.Length);
        Assert.All(alternatives, a => Assert.Matches(@"\| \d+ groep(en)?\. Grootste: .+: [\d.]+ ", a));
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task At375Pixels_NothingScrollsSideways_AndTheChartsFitTheScreen()
    {
        var (page, errors) = await OpenAsync(width: 375);
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();

        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = await page.EvaluateAsync<double>("() => Math.max(...[...document.querySelectorAll('figure svg, form, .headline')].map(e => e.getBoundingClientRect().right))");
        var axe = await page.RunAxe();

        Assert.Equal(375, pageWidth);
        Assert.True(widest <= 375, $"something ends at {widest}px");
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task TheKey_StaysInThisTabOnly()
    {
        // Arrange
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-NL" });
        var (page, _) = await OpenAsync(context: context);
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();

        // Act
        await page.ReloadAsync();
        await page.Locator("#table-words").WaitForAsync();
        var session = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('matchmaker.insights.key')");
        var local = await page.EvaluateAsync<int>("() => localStorage.length");
        var cookies = await context.CookiesAsync();
        var otherTab = await context.NewPageAsync();
        await otherTab.GotoAsync(fixture.ApiBase + "/insights");
        var askedAgain = await otherTab.GetByLabel("API-sleutel (analist)").IsVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sleutel vergeten" }).ClickAsync();

        // Assert
        Assert.Equal(fixture.AnalystKey, session);
        Assert.Equal(0, local);
        Assert.Empty(cookies);
        Assert.True(askedAgain);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('matchmaker.insights.key')"));
        Assert.True(await page.GetByLabel("API-sleutel (analist)").IsVisibleAsync());
    }

    [ChromiumFact]
    public async Task AWrongKeyOrAnAdviserKey_IsRefusedWithAClearMessage()
    {
        var (page, _) = await OpenAsync();

        await SignInAsync(page, "mm_000000000000_unknown");
        var unknown = await page.Locator(".status.error").InnerTextAsync();
        await SignInAsync(page, fixture.AdviserKey);
        await page.Locator(".status.error", new() { HasText = "analist" }).WaitForAsync();
        var adviser = await page.Locator(".status.error").InnerTextAsync();

        Assert.Equal("Deze sleutel is onbekend of ingetrokken.", unknown);
        Assert.Equal("Deze sleutel is geen analistensleutel.", adviser);
        Assert.False(await page.Locator("#report").IsVisibleAsync());
    }

    [ChromiumFact]
    public async Task AFilter_ReloadsTheNumbersForThatProvince()
    {
        var (page, errors) = await OpenAsync();
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();

        await page.GetByLabel("Provincie", new() { Exact = true }).And(page.Locator("select")).SelectOptionAsync(new SelectOptionValue { Label = "Limburg" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Toon" }).ClickAsync();
        await page.Locator("#chart-province figcaption", new() { HasText = "gekozen provincie" }).WaitForAsync();

        Assert.Equal(["Limburg"], await page.Locator("#table-province tbody th").AllInnerTextsAsync());
        Assert.Empty(errors);
    }

    // UPDATE_SCREENSHOTS=1 writes the README's picture (api/Insights/screenshot.png); otherwise it goes to a temporary file.
    [ChromiumFact]
    public async Task Screenshot()
    {
        var (page, _) = await OpenAsync(width: 1200);
        await SignInAsync(page, fixture.AnalystKey);
        await page.Locator("#table-words").WaitForAsync();
        var path = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(TestPaths.RepositoryRoot, "api", "Insights", "screenshot.png")
            : Path.Combine(Path.GetTempPath(), $"insights-{Guid.NewGuid():N}.png");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = 1200, Height = 1800 } });

        Assert.True(new FileInfo(path).Length > 20_000);
        if (!path.StartsWith(TestPaths.RepositoryRoot, StringComparison.Ordinal))
        {
            File.Delete(path);
        }
    }
}
