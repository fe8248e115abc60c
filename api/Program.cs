using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Health;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.OpenApi;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;

var builder = WebApplication.CreateBuilder(args);

// Hide the framework: no Server header (ADR /core/hide-implementation).
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.Services.AddErrorHandling();
builder.Services.AddHttpConventions();
builder.Services.AddStorage();
builder.Services.AddCatalogue();
builder.Services.AddMatching();
builder.Services.AddHealth();
builder.Services.AddMatchmakerOpenApi();

var app = builder.Build();

app.UseResponseConventions();
app.UseErrorHandling();
app.UseNoTrailingSlash();
app.UseMatchmakerOpenApi();
app.UseRouting();
app.UseCors();
app.UseQueryValidation();

app.MapHealth();
app.MapCatalogue();
app.MapProviders();
app.MapMatching();
app.MapAreas();
app.MapVocabularies();

app.Run();
