using Matchmaker.Api.Areas;
using Matchmaker.Api.Caseload;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Cli;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Feedback;
using Matchmaker.Api.Health;
using Matchmaker.Api.Http;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Observability;
using Matchmaker.Api.OpenApi;
using Matchmaker.Api.Publishing;
using Matchmaker.Api.Referrals;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;
using Matchmaker.Api.Webhooks;
using Matchmaker.Api.Widget;

// dotnet run --project api -- apikeys ... | catalogue ... | database ... | --help: commands run without the web host.
if (MatchmakerCli.Handles(args))
{
    return await MatchmakerCli.RunAsync(args);
}

// The settings shipped beside the program (appsettings.json: the framework logs at Warning) apply from any working
// directory, as for `dotnet api/bin/.../Matchmaker.Api.dll` in a service unit; they were missed outside api/.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Hide the framework (no Server header); let imports reach their own 50 MiB check.
builder.WebHost.ConfigureKestrel(o =>
{
    o.AddServerHeader = false;
    o.Limits.MaxRequestBodySize = JsonBody.ImportMaxBytes + 1024;
});
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.Services.AddErrorHandling();
builder.Services.AddHttpConventions();
builder.Services.AddProxySupport(builder.Configuration);
builder.Services.AddAbuseLimits();
builder.Services.AddApiKeySecurity();
builder.Services.AddStorage();
builder.Services.AddCatalogue();
builder.Services.AddMatching();
builder.Services.AddCompanies();
builder.Services.AddPublishing();
builder.Services.AddFeedback();
builder.Services.AddInsights();
builder.Services.AddReferrals();
builder.Services.AddCaseload();
builder.Services.AddWebhooks();
builder.Services.AddHealth();
builder.Services.AddMatchmakerOpenApi();
builder.Services.AddObservability(builder.Configuration);

var app = builder.Build();

// A database that cannot be written stops the start here with one message, before any hosted service touches it.
if (!await app.Services.CheckDatabaseIsWritableAsync(Console.Error))
{
    return 1;
}

app.UseProxySupport();
app.UseResponseConventions();
app.UseErrorHandling();
app.UseSnapshotReadiness();
app.UseHeadAsGet();
app.UseNoTrailingSlash();
app.UseMatchmakerOpenApi();
app.UseRouting();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseQueryValidation();

app.MapHealth();
app.MapMetrics();
app.MapCatalogue();
app.MapProviders();
app.MapMatching();
app.MapCompanies();
app.MapPublishing();
app.MapFeedback();
app.MapInsights();
app.MapReferrals();
app.MapCaseload();
app.MapWebhooks();
app.MapAreas();
app.MapVocabularies();
app.MapWidget();

await app.RunAsync();
return 0;
