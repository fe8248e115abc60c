using System.Diagnostics.Metrics;

namespace Matchmaker.Api.Insights;

// How the demand events fare: queued, dropped because the queue was full, written, or lost to a database that would not
// take them. Dropped and lost events are counted exactly, so the insights know what they miss.
public sealed class InsightsMetrics : IDisposable
{
    public const string MeterName = "Matchmaker.Insights";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _queued;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly Counter<long> _lost;

    public InsightsMetrics()
    {
        _queued = _meter.CreateCounter<long>("matchmaker.insights.events.queued", "{event}", "Demand events queued for writing.");
        _dropped = _meter.CreateCounter<long>("matchmaker.insights.events.dropped", "{event}", "Demand events dropped because the queue was full.");
        _written = _meter.CreateCounter<long>("matchmaker.insights.events.written", "{event}", "Demand events written to the database.");
        _lost = _meter.CreateCounter<long>("matchmaker.insights.events.lost", "{event}", "Demand events the database did not take after every attempt.");
    }

    public void Queued() => _queued.Add(1);

    public void Dropped() => _dropped.Add(1);

    public void Written(int count) => _written.Add(count);

    public void Lost(int count) => _lost.Add(count);

    public void Dispose() => _meter.Dispose();
}
