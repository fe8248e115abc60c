using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Matching;

// Holds the current snapshot; a rebuild happens beside the old one and is swapped in whole, so requests never wait.
public sealed class CatalogueSnapshotProvider(
    Database db, IOptions<CatalogueOptions> options, CodeLists codes, ILogger<CatalogueSnapshotProvider> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile CatalogueSnapshot? _current;
    private long _version = -1;
    private Lexicon? _lexicon;
    private readonly TermCache _terms = new();

    public CatalogueSnapshot Current => _current ?? throw new InvalidOperationException("The catalogue snapshot has not been built yet.");

    // After every rebuild, for work that follows the catalogue (the saved profiles' change detector).
    public event Action? Refreshed;

    // The catalogue version the current snapshot was built from; -1 before the first build.
    public long Version => Interlocked.Read(ref _version);

    public async Task<long> StoredVersionAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await CatalogueVersion.ReadAsync(connection, null, ct);
    }

    // Makes the snapshot hold at least everything committed before the call. Concurrent writers each ask after their
    // commit; while one rebuilds, the others wait, and a rebuild that began after their commit already holds it, so
    // they return without building again: twenty writers cost one or two rebuilds, not twenty in a row.
    public async Task RefreshAsync(CancellationToken ct)
    {
        var wanted = await StoredVersionAsync(ct);
        await _rebuild.WaitAsync(ct);
        try
        {
            if (_current is not null && Version >= wanted)
            {
                return;
            }

            _lexicon ??= Lexicon.Load(options.Value.DataPath);
            await using var connection = await db.OpenAsync(ct);
            // Read before the schemes: a write that lands in between makes the next check rebuild again, never miss it.
            var version = await CatalogueVersion.ReadAsync(connection, null, ct);
            var schemes = await SchemeRepository.PublishedAsync(connection, ct);
            var municipalities = await connection.QueryAsync<MunicipalityInfo>(new CommandDefinition(
                "SELECT code AS Code, name AS Name, province_code AS ProvinceCode FROM municipalities", cancellationToken: ct));
            var provinces = await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
                "SELECT code, name FROM provinces", cancellationToken: ct));
            _current = new CatalogueSnapshot(schemes, municipalities.ToList(), provinces.ToDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal), _lexicon, codes, _terms);
            Interlocked.Exchange(ref _version, version);
            logger.LogInformation("Matching snapshot built with {Count} schemes at catalogue version {Version}", schemes.Count, version);
        }
        finally
        {
            _rebuild.Release();
        }

        Refreshed?.Invoke();
    }

    public void Dispose() => _rebuild.Dispose();
}
