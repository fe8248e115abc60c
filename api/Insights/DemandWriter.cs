using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// Empties the recorder's queue: what arrived within Insights__WriteInterval, up to Insights__BatchSize events, is written in
// one transaction.
// At a stop the queue is closed and drained first, so events queued before the stop are written.
public sealed class DemandWriter(DemandRecorder recorder, DemandStore store, IOptions<InsightsOptions> options, ILogger<DemandWriter> logger)
    : BackgroundService
{
    // Cancelled only when the host's own stop timeout runs out while draining.
    private readonly CancellationTokenSource _abort = new();

    // On a thread of its own: SQLite's async calls run synchronously, so a batch written from the thread pool held one
    // of its few threads (two on two cores) for the whole transaction, and matches queued behind it (p99 of 200-300 ms
    // under load, against 10 ms with insights off).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop()
    {
        var batch = new List<DemandEvent>(options.Value.BatchSize);
        var marks = new List<TaskCompletionSource>();
        // Not the stopping token: the loop ends when the queue is closed and empty (StopAsync closes it). Waiting
        // blocks this thread only, which is what it is for.
        while (recorder.ReadBatchAsync(batch, marks, options.Value.BatchSize).GetAwaiter().GetResult())
        {
            WriteAsync(batch).GetAwaiter().GetResult();
            batch.Clear();
            marks.ForEach(m => m.TrySetResult());
            marks.Clear();
        }
    }

    private async Task WriteAsync(List<DemandEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.WriteAsync(batch, _abort.Token);
            recorder.Done(batch.Count, 0);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, matching goes on: the batch is counted as lost and logged with the count only.
            recorder.Done(0, batch.Count);
            logger.LogWarning("{Count} demand events could not be written ({Error}); they are counted as lost", batch.Count, ex.GetType().Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await using var registration = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
