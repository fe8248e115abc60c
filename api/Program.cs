using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Health;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.OpenApi;
using Matchmaker.Api.Publishing;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;
using Matchmaker.Api.Widget;

var builder = WebApplication.CreateBuilder(args);

// Hide the framework (no Server header); let imports reach their own 50 MiB check.
builder.WebHost.ConfigureKestrel(o =>
{
    o.AddServerHeader = false;
    o.Limits.MaxRequestBodySize = JsonBody.ImportMaxBytes + 1024;
});
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.Services.AddErrorHandling();
builder.Services.AddHttpConventions();
builder.Services.AddAbuseLimits();
builder.Services.AddApiKeySecurity();
builder.Services.AddStorage();
builder.Services.AddCatalogue();
builder.Services.AddMatching();
builder.Services.AddCompanies();
builder.Services.AddPublishing();
builder.Services.AddHealth();
builder.Services.AddMatchmakerOpenApi();

var app = builder.Build();

// dotnet run --project api -- apikeys create|list|revoke ... | catalogue report
if (ApiKeyCommands.IsCommand(args))
{
    return await app.RunApiKeysCommandAsync(args);
}

if (CatalogueReport.IsCommand(args))
{
    return await app.RunCatalogueReportAsync();
}

app.UseResponseConventions();
app.UseErrorHandling();
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
app.MapCatalogue();
app.MapProviders();
app.MapMatching();
app.MapCompanies();
app.MapPublishing();
app.MapAreas();
app.MapVocabularies();
app.MapWidget();

await app.RunAsync();
return 0;
