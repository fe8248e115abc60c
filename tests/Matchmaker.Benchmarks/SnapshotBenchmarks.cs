using BenchmarkDotNet.Attributes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Benchmarks;

// What a catalogue write waits for: building the matching snapshot, from nothing and with the words of the previous
// build kept, and made from the last snapshot with one scheme changed (the service's case after a write: a keyword more,
// as tests/load/writes.sh does), at the real catalogue and at 10,000 schemes.
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private List<(SchemeDocument, string)> _schemes = null!;
    private List<MunicipalityInfo> _municipalities = null!;
    private Dictionary<string, string> _provinces = null!;
    private Lexicon _lexicon = null!;
    private Matchmaker.Api.Vocabularies.CodeLists _codes = null!;
    private TermCache _warm = null!;
    private CatalogueSnapshot _built = null!;
    private (string Id, PublishedScheme? Now)[] _oneChange = null!;

    [Params(0, 10_000)]
    public int Schemes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = CatalogueData.Load(DataPath.Find());
        _lexicon = Lexicon.Load(DataPath.Find());
        var real = data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList();
        _schemes = Schemes == 0 ? real : Synthetic.Expand(real, data.Municipalities, Schemes);
        _municipalities = data.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList();
        _provinces = data.Provinces.ToDictionary(p => p.Code, p => p.Name);
        _codes = Matchmaker.Api.Vocabularies.CodeLists.Load(DataPath.Find());
        _warm = new TermCache();
        Build(_warm);
        _built = new CatalogueSnapshot(_schemes, _municipalities, _provinces, _lexicon, _codes, _warm);
        var (document, provider) = _schemes[_schemes.Count / 2];
        var keywords = document.Keywords ?? new SchemeKeywords([], []);
        _oneChange = [(document.Id, new PublishedScheme(document with { Keywords = keywords with { Nl = [.. keywords.Nl ?? [], "belasting"] } }, provider))];
    }

    [Benchmark]
    public int BuildFromNothing() => Build(null);

    [Benchmark]
    public int RebuildWithKeptWords() => Build(_warm);

    [Benchmark]
    public int UpdateOneScheme() => _built.With(_oneChange, _warm).Schemes.Count;

    private int Build(TermCache? terms) =>
        new CatalogueSnapshot(_schemes, _municipalities, _provinces, _lexicon, _codes, terms).Schemes.Count;
}
