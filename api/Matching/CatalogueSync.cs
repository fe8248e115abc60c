using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matchmaker.Api.Matching;

// Keeps this node's matching snapshot in step with writes made on other nodes. On PostgreSQL it LISTENs on a
// connection of its own and rebuilds as soon as a write commits; on both databases it also compares the stored
// catalogue version with the snapshot's every SyncInterval, which covers a notification lost to a dropped connection.
public sealed class CatalogueSync(
    Database db, CatalogueSnapshotProvider snapshots, IOptions<CatalogueOptions> options, ILogger<CatalogueSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SyncInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (db.IsPostgres)
                {
                    await ListenAsync(interval, stoppingToken);
                }
                else
                {
                    await Task.Delay(interval, stoppingToken);
                    await CatchUpAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
            {
                // The database is away for a moment: keep serving the snapshot we have and try again.
                logger.LogWarning("Catalogue sync could not reach the database ({Error}); retrying", ex.GetType().Name);
                await Task.Delay(interval, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(TimeSpan interval, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(db.PostgresConnectionString);
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand("LISTEN " + CatalogueVersion.Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        // Whatever was written before LISTEN took effect.
        await CatchUpAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // Returns on a notification or after the interval; either way the stored version decides.
            await connection.WaitAsync(interval, ct);
            await CatchUpAsync(ct);
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        if (await snapshots.StoredVersionAsync(ct) != snapshots.Version)
        {
            await snapshots.RefreshAsync(ct);
        }
    }
}
