using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Matchmaker.Api.Storage;

// Work that must not run twice at the same time on nodes that share a database (migrations, the seed). On PostgreSQL a
// session advisory lock on a connection of its own, released when the work ends or the node dies; SQLite serves one
// node, so a lock in the process is enough.
public sealed class ClusterLock(Database db)
{
    private static readonly ConcurrentDictionary<long, SemaphoreSlim> Local = new();

    public async Task<IAsyncDisposable> AcquireAsync(long key, CancellationToken ct)
    {
        if (!db.IsPostgres)
        {
            var gate = Local.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct);
            return new Releaser(() =>
            {
                gate.Release();
                return ValueTask.CompletedTask;
            });
        }

        var connection = await db.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key }, cancellationToken: ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new Releaser(async () => await UnlockAsync(connection, key));
    }

    private static async Task UnlockAsync(DbConnection connection, long key)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key }));
        }
        finally
        {
            // Closing the session releases the lock too, should the unlock itself have failed.
            await connection.DisposeAsync();
        }
    }

    private sealed class Releaser(Func<ValueTask> release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }
}
