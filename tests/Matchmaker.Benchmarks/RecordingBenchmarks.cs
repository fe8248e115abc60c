using BenchmarkDotNet.Attributes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Benchmarks;

// What recording a demand event adds to a match on the request's own thread: building the event from what the ranking
// already holds and handing it to the bounded queue. The queue is emptied the way the writer empties it (batches that
// gather for Insights__WriteInterval), dropping what it reads: writing happens on the writer's thread, off the request's path.
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- --filter '*RecordingBenchmarks*'
[MemoryDiagnoser]
public class RecordingBenchmarks
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private CatalogueSnapshot _snapshot = null!;
    private ResolvedProfile _profile = null!;
    private MatchNeed _need = null!;
    private RankOptions _options = null!;
    private DemandRecorder _recorder = null!;
    private InsightsMetrics _metrics = null!;
    private Task _drain = Task.CompletedTask;
    private RankResult _ranked = null!;
    private DemandRecorder _alone = null!;
    private int _recorded;

    [GlobalSetup]
    public void Setup()
    {
        var data = CatalogueData.Load(DataPath.Find());
        _snapshot = new CatalogueSnapshot(
            data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList(),
            data.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
            data.Provinces.ToDictionary(p => p.Code, p => p.Name),
            Lexicon.Load(DataPath.Find()),
            Matchmaker.Api.Vocabularies.CodeLists.Load(DataPath.Find()));
        _profile = ProfileResolver.Resolve(null, new MatchCompany("bv", ["6201"], 12, 1_500_000, 800_000, new DateOnly(2019, 3, 1), "GM0772"), Today, _snapshot.Municipalities);
        _need = new MatchNeed("We willen zonnepanelen op ons bedrijfspand en onze energierekening verlagen", ["sustainability"], "investment", null, 50_000);
        _options = new RankOptions(10, false, false);
        _ranked = MatchRanker.Rank(_profile, NeedQuery.Analyze(_need, _snapshot), _snapshot, Today, _options);
        _metrics = new InsightsMetrics();
        _recorder = new DemandRecorder(Options.Create(new InsightsOptions()), _metrics);
        _alone = new DemandRecorder(Options.Create(new InsightsOptions()), _metrics);
        // The writer's own way of waiting for batches, with nothing written.
        _drain = Task.Run(async () =>
        {
            var batch = new List<DemandEvent>();
            var marks = new List<TaskCompletionSource>();
            while (await _recorder.ReadBatchAsync(batch, marks, new InsightsOptions().BatchSize))
            {
                batch.Clear();
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _recorder.Complete();
        _drain.Wait();
        _metrics.Dispose();
        Console.WriteLine($"// recorder: {_recorder.Counts}, alone: {_alone.Counts}");
    }

    [Benchmark(Baseline = true)]
    public int Rank()
    {
        var ranked = MatchRanker.Rank(_profile, NeedQuery.Analyze(_need, _snapshot), _snapshot, Today, _options);
        return ranked.Matches.Count;
    }

    [Benchmark]
    public int RankAndRecord()
    {
        var ranked = MatchRanker.Rank(_profile, NeedQuery.Analyze(_need, _snapshot), _snapshot, Today, _options);
        _recorder.Record(DemandEvent.From(_profile, ranked, _snapshot, DemandChannels.Anonymous, Today, _need.Description, "ip:127.0.0.1"));
        return ranked.Matches.Count;
    }

    // The recording alone, on a match already ranked: the part RankAndRecord adds, without the ranking's noise. Millions
    // a second would fill any queue, so this one is emptied here every 1,000 events (its reading counted in, which
    // overstates the cost: the writer reads on its own thread).
    [Benchmark]
    public int RecordOnly()
    {
        _alone.Record(DemandEvent.From(_profile, _ranked, _snapshot, DemandChannels.Anonymous, Today, _need.Description, "ip:127.0.0.1"));
        if (++_recorded % 1000 == 0)
        {
            while (_alone.Reader.TryRead(out _))
            {
            }
        }

        return _ranked.Matches.Count;
    }
}
