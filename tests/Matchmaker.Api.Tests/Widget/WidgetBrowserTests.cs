using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Matchmaker.Api.Tests.Widget;

public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = "Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium); browser tests are skipped. .ci/run installs it.";
        }
    }
}

// The real service on a real port, and Debian's Chromium driven by Playwright; host pages live on another origin.
public sealed class BrowserFixture : IAsyncLifetime, IDisposable
{
    private ServiceProcess? _service;
    private HeadlessChromium? _chromium;
    private readonly TestDatabase _database = TestDatabase.Create();

    public string ApiBase { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string HostBase { get; private set; } = "";

    public string HostPage { get; set; } = "";

    private HttpListener? _host;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            return;
        }

        _service = await ServiceProcess.StartReadyAsync("widget", _database, TestPaths.FixtureData());
        ApiBase = _service.BaseUrl;

        // The municipality's own site: a separate little web server on localhost.
        var hostPort = ServiceProcess.FreePort();
        HostBase = $"http://localhost:{hostPort}";
        _host = new HttpListener();
        _host.Prefixes.Add(HostBase + "/");
        _host.Start();
        _ = Task.Run(async () =>
        {
            while (_host.IsListening)
            {
                try
                {
                    var context = await _host.GetContextAsync();
                    var bytes = System.Text.Encoding.UTF8.GetBytes(HostPage);
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });

        _chromium = await HeadlessChromium.LaunchAsync();
        Browser = _chromium.Browser;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        _host?.Close();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _database.Dispose();
    }

    public void Dispose() => ((IDisposable?)_host)?.Dispose();

    // A key in the service's own database, as the key command would make it.
    public async Task<string> CreateKeyAsync(string role, string? provider)
    {
        await using var db = new Matchmaker.Api.Storage.Database(new Matchmaker.Api.Storage.DatabaseOptions
        {
            Provider = _database.Provider, ConnectionString = _database.ConnectionString,
        });
        return (await new Matchmaker.Api.Security.ApiKeyStore(db, TimeProvider.System).CreateAsync(role, provider, "browser test", CancellationToken.None)).Key;
    }
}

public sealed class WidgetBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{

    private async Task<(IPage Page, List<string> ConsoleErrors)> HostPageAsync(string widgetAttributes, string? api = null, string css = "")
    {
        var page = await browser.Browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        // A municipal page on another origin (another host name and port): one script tag and one element.
        browser.HostPage = $"""
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title><style>{css}</style></head><body>
            <h1>Ondernemen in onze gemeente</h1>
            <script src="{browser.ApiBase}/widget/matchmaker.js"></script>
            <matchmaker-widget {widgetAttributes}{(api is null ? "" : $" api=\"{api}\"")}></matchmaker-widget>
            </body></html>
            """;
        await page.GotoAsync(browser.HostBase + "/ondernemen");
        return (page, errors);
    }

    [ChromiumFact]
    public async Task EmbeddedOnAnotherOrigin_ShowsTheSameTopResultsAsTheApi()
    {
        // Arrange
        var (page, errors) = await HostPageAsync("""municipality="GM0772" employees="12" need="warmtepomp voor ons pand" limit="5" """);
        using var http = new HttpClient();
        var expected = await http.PostAsJsonAsync(browser.ApiBase + "/v1/matches", new JsonObject
        {
            ["language"] = "nl", ["limit"] = 5,
            ["company"] = new JsonObject { ["employees"] = 12, ["municipalityCode"] = "GM0772" },
            ["need"] = new JsonObject { ["description"] = "warmtepomp voor ons pand" },
        });
        var expectedIds = (await expected.JsonAsync()).GetProperty("matches").EnumerateArray()
            .Select(m => m.GetProperty("scheme").GetProperty("id").GetString()).ToList();

        // Act
        var items = page.Locator("matchmaker-widget ol > li");
        await items.First.WaitForAsync();
        var shown = await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.schemeId)");

        // Assert
        Assert.NotEmpty(expectedIds);
        Assert.Equal(expectedIds, shown);
        Assert.Contains("passende regeling", await page.Locator("matchmaker-widget [role=status]").InnerTextAsync());
        Assert.Equal("Naar de officiële pagina", (await page.Locator("matchmaker-widget ol > li a").First.InnerTextAsync()).Split('–')[0].Trim());
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task HouseStyle_CustomPropertiesAndParts_RestyleTheWidget()
    {
        var (page, errors) = await HostPageAsync(
            """municipality="GM0772" need="warmtepomp voor ons pand" limit="3" """,
            css: "matchmaker-widget { --mm-accent: rgb(225, 112, 0); --mm-font: Georgia, serif; } matchmaker-widget::part(result) { border-color: rgb(0, 128, 0); }");
        await page.Locator("matchmaker-widget ol > li").First.WaitForAsync();

        var button = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('matchmaker-widget').shadowRoot.querySelector('button')).backgroundColor");
        var font = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('matchmaker-widget').shadowRoot.querySelector('form')).fontFamily");
        var result = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('matchmaker-widget').shadowRoot.querySelector('ol > li')).borderTopColor");

        Assert.Equal("rgb(225, 112, 0)", button);
        Assert.Contains("Georgia", font, StringComparison.Ordinal);
        Assert.Equal("rgb(0, 128, 0)", result);
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task KeyboardAlone_TypeAQuestionAndSubmit()
    {
        var (page, errors) = await HostPageAsync("""municipality="GM0772" lang="en" """);
        await page.Locator("matchmaker-widget select option").Nth(2).WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("heat pump for our building");
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        var focused = await page.EvaluateAsync<string>("() => document.querySelector('matchmaker-widget').shadowRoot.activeElement.tagName");
        await page.Keyboard.PressAsync("Enter");
        var first = page.Locator("matchmaker-widget ol > li").First;
        await first.WaitForAsync();

        Assert.Equal("BUTTON", focused);
        Assert.Equal("t-eindhoven-energy", await first.GetAttributeAsync("data-scheme-id"));
        Assert.Contains("found", await page.Locator("matchmaker-widget [role=status]").InnerTextAsync());
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task ServiceUnreachable_ShowsAClearMessage()
    {
        var (page, _) = await HostPageAsync("""need="zonnepanelen" """, api: "http://127.0.0.1:9");

        var status = page.Locator("matchmaker-widget .status.error");
        await status.WaitForAsync();

        Assert.Equal("De dienst is nu niet bereikbaar. Probeer het later opnieuw.", await status.InnerTextAsync());
        Assert.Equal(0, await page.Locator("matchmaker-widget ol > li").CountAsync());
    }

    // The provider of t-eindhoven-energy takes referrals (set as its publisher would); the province's does not.
    private async Task<HttpClient> ProviderAcceptsReferralsAsync()
    {
        var provider = new HttpClient { BaseAddress = new Uri(browser.ApiBase) };
        provider.DefaultRequestHeaders.Add("X-Api-Key", await browser.CreateKeyAsync("publisher", "gemeente-test"));
        var put = await provider.PutAsJsonAsync("/v1/providers/gemeente-test/referral-settings", new { accepts = true });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return provider;
    }

    [ChromiumFact]
    public async Task Referral_FromAResult_WithConsent_ReachesTheProvidersInbox()
    {
        // Arrange
        var provider = await ProviderAcceptsReferralsAsync();
        var before = (await (await provider.GetAsync("/v1/referrals")).JsonAsync()).GetProperty("totalItems").GetInt32();
        var (page, errors) = await HostPageAsync("""municipality="GM0772" employees="4" need="warmtepomp voor ons pand" limit="5" """);
        var result = page.Locator("matchmaker-widget ol > li[data-scheme-id=t-eindhoven-energy]");
        await result.WaitForAsync();
        var open = result.GetByRole(AriaRole.Button, new() { Name = "Laat u helpen door Test municipality Eindhoven" });

        // Act: open the form; send it without consent; then with consent.
        await open.ClickAsync();
        var expanded = await open.GetAttributeAsync("aria-expanded");
        var focused = await page.EvaluateAsync<string>("() => document.querySelector('matchmaker-widget').shadowRoot.activeElement.name");
        var form = result.Locator("form");
        await form.GetByLabel("Uw naam").FillAsync("Jan Jansen");
        await form.GetByLabel("Uw e-mailadres").FillAsync("jan@bakkerij-jansen.example");
        var send = form.GetByRole(AriaRole.Button, new() { Name = "Verstuur naar Test municipality Eindhoven" });
        await send.ClickAsync();
        var refused = await form.Locator(".refer-status").InnerTextAsync();
        var consentInvalid = await form.Locator("input[name=consent]").GetAttributeAsync("aria-invalid");
        var afterRefusal = (await (await provider.GetAsync("/v1/referrals")).JsonAsync()).GetProperty("totalItems").GetInt32();
        await form.GetByLabel("Ik geef toestemming", new() { Exact = false }).CheckAsync();
        await send.ClickAsync();
        var confirmation = result.Locator(".sent");
        await confirmation.WaitForAsync();
        var inbox = await (await provider.GetAsync("/v1/referrals?status=received")).JsonAsync();

        // Assert
        Assert.Equal("true", expanded);
        Assert.Equal("name", focused);
        Assert.Contains("toestemming", refused, StringComparison.Ordinal);
        Assert.Equal("true", consentInvalid);
        Assert.Equal(before, afterRefusal);
        Assert.Equal(
            "Uw vraag is verstuurd naar Test municipality Eindhoven. Test municipality Eindhoven stuurt u een e-mail ter bevestiging en neemt daarna contact met u op.",
            await confirmation.InnerTextAsync());
        Assert.Equal(0, await page.Locator("matchmaker-widget ol > li[data-scheme-id=t-brabant-fund] .refer-toggle").CountAsync());
        Assert.Equal(before + 1, inbox.GetProperty("totalItems").GetInt32());
        var sent = inbox.GetProperty("items").EnumerateArray().First();
        Assert.Equal("widget", sent.GetProperty("channel").GetString());
        Assert.Equal("Jan Jansen", sent.GetProperty("contactName").GetString());
        var referral = await (await provider.GetAsync($"/v1/referrals/{sent.GetProperty("id").GetString()}")).JsonAsync();
        Assert.Equal("warmtepomp voor ons pand", referral.GetProperty("message").GetString());
        Assert.Equal("jan@bakkerij-jansen.example", referral.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("GM0772", referral.GetProperty("company").GetProperty("municipalityCode").GetString());
        Assert.Equal(4, referral.GetProperty("company").GetProperty("employees").GetInt32());
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task Referral_Form_EveryFieldHasALabel_InTheWidgetsLanguage()
    {
        await ProviderAcceptsReferralsAsync();
        var (page, errors) = await HostPageAsync("""municipality="GM0772" need="heat pump for our building" lang="en" """);
        var result = page.Locator("matchmaker-widget ol > li[data-scheme-id=t-eindhoven-energy]");
        await result.WaitForAsync();

        await result.GetByRole(AriaRole.Button, new() { Name = "Get help from Test municipality Eindhoven" }).ClickAsync();
        var unlabelled = await page.EvaluateAsync<int>("""
            () => [...document.querySelector('matchmaker-widget').shadowRoot.querySelectorAll('.refer form input, .refer form textarea')]
                    .filter(e => e.labels.length === 0).length
            """);

        Assert.Equal(0, unlabelled);
        Assert.True(await result.GetByLabel("Your e-mail address").IsVisibleAsync());
        Assert.True(await result.GetByLabel("Phone number (optional)").IsVisibleAsync());
        Assert.True(await result.GetByLabel("I agree that my name", new() { Exact = false }).IsVisibleAsync());
        Assert.Contains("will send you an e-mail to confirm", await result.Locator(".refer .hint").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
