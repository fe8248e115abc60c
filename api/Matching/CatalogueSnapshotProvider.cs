using System.Collections.Concurrent;
using Dapper;
using Matchmaker.Api.Caseload;
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
    private ConcurrentDictionary<string, string> _strings = SharedStrings.NewPool();

    private readonly TaskCompletionSource _built = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The server listens while the first snapshot builds (DatabaseInitializer); a caller that comes before it waits for
    // it, so nothing sees a half-started service. Requests wait without holding a thread (SnapshotReadiness).
    public CatalogueSnapshot Current => _current ?? WaitForFirstBuild();

    public bool IsBuilt => _current is not null;

    // Completes with the first build, or with its failure.
    public Task WhenBuilt => _built.Task;

    private CatalogueSnapshot WaitForFirstBuild()
    {
        _built.Task.GetAwaiter().GetResult();
        return _current!;
    }

    // A first build that failed: waiting callers get its exception instead of waiting for ever.
    public void FirstBuildFailed(Exception failure) => _built.TrySetException(failure);

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
    public Task RefreshAsync(CancellationToken ct) => RefreshAsync(compact: true, ct);

    // compact: false leaves the collection after a full build to the caller; the start does it once the server listens,
    // so readiness does not wait for a pause that only gives memory back.
    public async Task RefreshAsync(bool compact, CancellationToken ct)
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
            var changed = _current is null ? null : await ChangedSinceAsync(connection, Version, version, ct);
            if (changed is not null)
            {
                Dictionary<string, PublishedScheme> now;
                using (SharedStrings.Use(_strings))
                {
                    now = await SchemeRepository.PublishedAsync(connection, changed, ct);
                }

                _current = _current!.With(changed.Select(id => (id, now.GetValueOrDefault(id))).ToList(), _terms);
                Interlocked.Exchange(ref _version, version);
                logger.LogDebug("Matching snapshot updated for {Count} changed schemes at catalogue version {Version}", changed.Count, version);
            }
            else
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // A new pool at every full build: texts no record uses any more go with the old snapshot.
                _strings = SharedStrings.NewPool();
                IReadOnlyList<PublishedScheme> schemes;
                using (SharedStrings.Use(_strings))
                {
                    schemes = await SchemeRepository.PublishedAsync(connection, ct);
                }

                var read = clock.ElapsedMilliseconds;
                var municipalities = await connection.QueryAsync<MunicipalityInfo>(new CommandDefinition(
                    "SELECT code AS Code, name AS Name, province_code AS ProvinceCode FROM municipalities", cancellationToken: ct));
                var provinces = await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
                    "SELECT code, name FROM provinces", cancellationToken: ct));
                _current = new CatalogueSnapshot(schemes, municipalities.ToList(), provinces.ToDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal), _lexicon, codes, _terms);
                Interlocked.Exchange(ref _version, version);
                logger.LogInformation("Matching snapshot built with {Count} schemes at catalogue version {Version} in {Total} ms ({Read} ms reading the store)",
                    schemes.Count, version, clock.ElapsedMilliseconds, read);
                if (compact)
                {
                    HeapCompaction.AfterLargeWork(schemes.Count);
                }
            }
        }
        finally
        {
            _rebuild.Release();
        }

        _built.TrySetResult();
        Refreshed?.Invoke();
    }

    // The schemes written since the snapshot's version, when every write in between is on record (each raises the
    // version once and records its scheme in the same transaction) and they are few; null means build from the store:
    // an import, a database copy, records already pruned, or the first build.
    private static async Task<IReadOnlyList<string>?> ChangedSinceAsync(System.Data.IDbConnection connection, long from, long to, CancellationToken ct)
    {
        if (from < 0 || to - from > MaxChangesApplied)
        {
            return null;
        }

        var writes = (await connection.QueryAsync<(string SchemeId, long Version)>(new CommandDefinition(
            """
            SELECT scheme_id, catalogue_version FROM catalogue_changes
            WHERE catalogue_version > @from AND catalogue_version <= @to AND reason = @Write
            """, new { from, to, CatalogueChanges.Write }, cancellationToken: ct))).ToList();
        return writes.Select(w => w.Version).Distinct().Count() == to - from
            ? writes.Select(w => w.SchemeId).Distinct(StringComparer.Ordinal).ToList()
            : null;
    }

    // Past this many writes since the last snapshot, one build from the store is cheaper than patching scheme by scheme.
    private const int MaxChangesApplied = 256;

    public void Dispose() => _rebuild.Dispose();
}
