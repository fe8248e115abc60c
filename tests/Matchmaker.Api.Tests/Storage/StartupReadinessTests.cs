using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Matchmaker.Api.Tests.Storage;

// The server listens while the first matching snapshot builds: live answers, ready says no, and an API request waits for
// the snapshot instead of failing. Here the build is held back (the start migrates and seeds but does not build) so the
// test decides when it happens.
public sealed class StartupReadinessTests
{
    private sealed class MigrateAndSeedOnly(Migrator migrator, CatalogueSeeder seeder) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await migrator.MigrateAsync(cancellationToken);
            await seeder.SeedOnStartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static MatchmakerApiFactory WithoutFirstBuild() => new(waitForSnapshot: false, services: services =>
    {
        services.RemoveAll<IHostedService>();
        services.AddHostedService<MigrateAndSeedOnly>();
    });

    [Fact]
    public async Task BeforeTheFirstSnapshot_ReadySaysNo_AndApiRequestsWaitForIt()
    {
        // Arrange
        using var factory = WithoutFirstBuild();
        var client = factory.CreateClient();
        var snapshots = factory.Services.GetRequiredService<CatalogueSnapshotProvider>();

        // Act
        var live = await client.GetAsync("/health/live");
        var notReady = await client.GetAsync("/health/ready");
        var waiting = client.GetAsync("/v1/schemes?pageSize=1");
        await Task.Delay(200);
        var waitedBeforeTheBuild = !waiting.IsCompleted;
        await snapshots.RefreshAsync(CancellationToken.None);
        var listed = await waiting;
        var ready = await client.GetAsync("/health/ready");

        // Assert
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var problem = await notReady.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("catalogue", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(waitedBeforeTheBuild);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AFailedFirstSnapshot_AnswersWaitingRequestsWith503()
    {
        // Arrange
        using var factory = WithoutFirstBuild();
        var client = factory.CreateClient();
        var snapshots = factory.Services.GetRequiredService<CatalogueSnapshotProvider>();
        var waiting = client.PostAsync("/v1/matches", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await Task.Delay(100);

        // Act
        snapshots.FirstBuildFailed(new InvalidOperationException("a scheme document could not be read"));
        var response = await waiting;

        // Assert
        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("scheme document", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
