using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Matchmaker.Api.Storage;

// The database in traces and metrics: every connection opened is a span and a count, tagged with the engine.
public static class StorageTelemetry
{
    public const string SourceName = "Matchmaker.Storage";
    public static readonly ActivitySource Activities = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("matchmaker.db.connections.opened", "{connection}", "Database connections opened.");

    public static Activity? OpenConnection(string system)
    {
        Opened.Add(1, new KeyValuePair<string, object?>("db.system", system));
        return Activities.StartActivity("db.connection.open", ActivityKind.Client)?.SetTag("db.system", system);
    }
}
