using System.Diagnostics.Metrics;
using Matchmaker.Api.Insights;
using Microsoft.Extensions.Options;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

public sealed class DemandRecorderTests
{
    [Fact]
    public void AFullQueue_DropsNewEventsAtOnce_AndCountsEveryOne()
    {
        // Arrange: no writer runs, so the queue fills after ten events.
        using var metrics = new InsightsMetrics();
        var recorder = new DemandRecorder(Options.Create(new InsightsOptions { QueueCapacity = 10 }), metrics);
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InsightsMetrics.MeterName && instrument.Name == "matchmaker.insights.events.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        // Act
        Parallel.For(0, 1000, _ => recorder.Record(Event("2026-11-26")));

        // Assert
        Assert.Equal(new RecorderCounts(10, 990, 0, 0), recorder.Counts);
        Assert.Equal(990, Interlocked.Read(ref dropped));
        Assert.Equal(10, recorder.Reader.Count);
    }

    [Fact]
    public async Task Flush_WaitsForEverythingQueuedBefore_AndReturnsOnceTheQueueIsClosedAndDrained()
    {
        // Arrange
        using var metrics = new InsightsMetrics();
        var recorder = new DemandRecorder(Options.Create(new InsightsOptions()), metrics);
        recorder.Record(Event("2026-11-26"));
        recorder.Record(Event("2026-11-26"));

        // Act
        var flush = recorder.FlushAsync(CancellationToken.None);
        var read = new List<QueuedItem>();
        while (read.Count < 3 && recorder.Reader.TryRead(out var item))
        {
            read.Add(item);
        }

        var waitedForTheMark = !flush.IsCompleted;
        read[2].Flushed!.TrySetResult();
        await flush;
        recorder.Complete();
        await recorder.FlushAsync(CancellationToken.None);

        // Assert
        Assert.True(waitedForTheMark);
        Assert.Equal([true, true, false], read.Select(i => i.Event is not null));
    }
}
