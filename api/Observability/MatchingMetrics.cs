using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Matchmaker.Api.Observability;

// The matcher's own instruments: how many matches, how many candidates they weighed, how long ranking took and how
// often no open, upcoming or expected scheme fitted (the unmet share policy makers ask about).
public sealed class MatchingMetrics : IDisposable
{
    public const string MeterName = "Matchmaker.Matching";
    public static readonly ActivitySource Activities = new(MeterName);

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _unmet;
    private readonly Histogram<long> _candidates;
    private readonly Histogram<double> _duration;

    public MatchingMetrics()
    {
        _requests = _meter.CreateCounter<long>("matchmaker.matches", "{request}", "Match requests answered.");
        _unmet = _meter.CreateCounter<long>("matchmaker.matches.unmet", "{request}", "Answered matches where no open, upcoming or expected scheme the firm may get fitted.");
        _candidates = _meter.CreateHistogram<long>("matchmaker.matches.candidates", "{scheme}", "Schemes shown per match.");
        _duration = _meter.CreateHistogram<double>("matchmaker.matches.ranking.duration", "s", "Time spent analysing the question and ranking.");
    }

    public void Record(string channel, int shown, bool unmet, TimeSpan ranking)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        _requests.Add(1, tag);
        if (unmet)
        {
            _unmet.Add(1, tag);
        }

        _candidates.Record(shown, tag);
        _duration.Record(ranking.TotalSeconds, tag);
    }

    public void Dispose()
    {
        _meter.Dispose();
    }
}
