using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// Writes demand events, a batch per transaction, and counts the unrecognised words. A word is kept as a keyed hash
// (HMAC-SHA256 with the installation's secret) and a count of the events that used it; the word itself is written only
// by the event that brings the count to Insights__MinimumCellSize, so a word fewer requests used is never stored.
public sealed class DemandStore(Database db, IOptions<InsightsOptions> options)
{
    public const string DateFormat = "yyyy-MM-dd";

    // Pairs of (sender, word) already counted today, so one sender typing its own name again and again does not make it
    // frequent. In memory only; at the cap, further pairs are not counted that day (a word may be counted too little,
    // never too much).
    public const int SeenCap = 200_000;
    private readonly HashSet<long> _seen = [];
    private DateOnly _seenDay;
    private readonly Lock _seenLock = new();
    private byte[]? _key;

    public async Task WriteAsync(IReadOnlyList<DemandEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        // Words are counted once, before the attempts, so a retried batch counts each of them once too.
        var words = CountWords(events, await WordKeyAsync(ct));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(events, words, ct);
                return;
            }
            catch (DbException) when (attempt < Attempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt * attempt), ct);
            }
        }
    }

    public const int Attempts = 3;

    private async Task WriteOnceAsync(IReadOnlyList<DemandEvent> events, Dictionary<string, (string Word, long Events, string LastDay)> words, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await BeginAsync(connection, ct);
        // The batch's shown schemes are also counted per scheme and day, so a scheme shown by hundreds of its events is
        // one row written, not hundreds.
        var days = new Dictionary<(string Scheme, string Day), (long Shown, long Top3, long RankSum)>();
        await using (var insertEvent = new Statement(connection, transaction,
            """
            INSERT INTO demand_events (day, month, province, municipality, size_class, sbi_section, age_band, channel, fitting, unmet, shown)
            VALUES (@day, @month, @province, @municipality, @size_class, @sbi_section, @age_band, @channel, @fitting, @unmet, @shown)
            RETURNING id
            """,
            Text("day"), Text("month"), Text("province"), Text("municipality"), Text("size_class"), Text("sbi_section"), Text("age_band"),
            Text("channel"), Number("fitting"), Number("unmet"), Text("shown")))
        await using (var insertCode = new Statement(connection, transaction,
            "INSERT INTO demand_event_codes (event_id, kind, code) VALUES (@event_id, @kind, @code)",
            Number("event_id"), Text("kind"), Text("code")))
        {
            foreach (var e in events)
            {
                var day = e.Day.ToString(DateFormat, CultureInfo.InvariantCulture);
                // In rank order (rank = position from 1), each scheme once.
                var shownIds = e.Shown.Distinct(StringComparer.Ordinal).ToList();
                var id = Convert.ToInt64(await insertEvent.ScalarAsync(ct,
                    day, day[..7], e.Province, e.Municipality, e.SizeClass, e.SbiSection, e.AgeBand, e.Channel, (long)e.Fitting, e.Unmet ? 1L : 0L,
                    string.Join(' ', shownIds)), CultureInfo.InvariantCulture);
                foreach (var (kind, code) in CodesOf(e))
                {
                    await insertCode.ExecuteAsync(ct, id, kind, code);
                }

                for (var i = 0; i < shownIds.Count; i++)
                {
                    var rank = i + 1L;
                    var (shown, top3, rankSum) = days.GetValueOrDefault((shownIds[i], day));
                    days[(shownIds[i], day)] = (shown + 1, top3 + (rank <= 3 ? 1 : 0), rankSum + rank);
                }
            }
        }

        // In key order, so two nodes adding to the same rows cannot deadlock.
        await using (var addDay = new Statement(connection, transaction,
            """
            INSERT INTO demand_scheme_days (scheme_id, day, month, shown, top3, rank_sum) VALUES (@scheme_id, @day, @month, @shown, @top3, @rank_sum)
            ON CONFLICT (scheme_id, day) DO UPDATE SET shown = demand_scheme_days.shown + excluded.shown,
                top3 = demand_scheme_days.top3 + excluded.top3, rank_sum = demand_scheme_days.rank_sum + excluded.rank_sum
            """,
            Text("scheme_id"), Text("day"), Text("month"), Number("shown"), Number("top3"), Number("rank_sum")))
        {
            foreach (var ((scheme, day), (shown, top3, rankSum)) in days.OrderBy(d => d.Key.Scheme, StringComparer.Ordinal).ThenBy(d => d.Key.Day, StringComparer.Ordinal))
            {
                await addDay.ExecuteAsync(ct, scheme, day, day[..7], shown, top3, rankSum);
            }
        }

        var minimum = options.Value.MinimumCellSize;
        foreach (var (hash, (word, count, lastDay)) in words)
        {
            // The count first; the word only when this batch brings it to the threshold, so it is never sent for less.
            var row = await connection.QuerySingleAsync<(long Events, string? Word)>(new CommandDefinition(
                """
                INSERT INTO demand_words (hash, events, word, last_seen_on) VALUES (@Hash, @Count, NULL, @LastDay)
                ON CONFLICT (hash) DO UPDATE SET events = demand_words.events + excluded.events,
                    last_seen_on = CASE WHEN excluded.last_seen_on > demand_words.last_seen_on THEN excluded.last_seen_on ELSE demand_words.last_seen_on END
                RETURNING events, word
                """,
                new { Hash = hash, Count = count, LastDay = lastDay }, transaction, cancellationToken: ct));
            if (row.Events >= minimum && row.Word is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE demand_words SET word = @Word WHERE hash = @Hash AND word IS NULL", new { Word = word, Hash = hash }, transaction, cancellationToken: ct));
            }
        }

        await transaction.CommitAsync(ct);
    }

    private static IEnumerable<(string Kind, string Code)> CodesOf(DemandEvent e) =>
        e.Purposes.Select(c => (InsightGroupings.Purpose, c)).Concat(e.Themes.Select(c => (InsightGroupings.Theme, c)))
            .Concat(e.Instruments.Select(c => (InsightGroupings.Instrument, c))).Distinct();

    private static (string Name, DbType Type) Text(string name) => (name, DbType.String);

    private static (string Name, DbType Type) Number(string name) => (name, DbType.Int64);

    // One statement prepared once for the batch and run for each of its rows: prepared anew for every row (as Dapper
    // does), parsing and binding by name were most of what a batch cost under load. SQLite and Npgsql both keep a command's
    // prepared statement while its text stays the same.
    private sealed class Statement : IAsyncDisposable
    {
        private readonly DbCommand _command;

        public Statement(DbConnection connection, DbTransaction transaction, string sql, params (string Name, DbType Type)[] parameters)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                var parameter = _command.CreateParameter();
                // With its prefix, SQLite finds it in one look instead of trying "@", "$" and ":" in turn on every row.
                parameter.ParameterName = "@" + name;
                parameter.DbType = type;
                _command.Parameters.Add(parameter);
            }
        }

        public Task<object?> ScalarAsync(CancellationToken ct, params object?[] values)
        {
            Bind(values);
            return _command.ExecuteScalarAsync(ct);
        }

        public Task<int> ExecuteAsync(CancellationToken ct, params object?[] values)
        {
            Bind(values);
            return _command.ExecuteNonQueryAsync(ct);
        }

        private void Bind(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    // Events before the cutoff (their code rows go with them), the shown counts of those days, and words no event used
    // since, are deleted.
    public async Task<(int Events, int Words)> DeleteBeforeAsync(DateOnly cutoff, CancellationToken ct)
    {
        var day = cutoff.ToString(DateFormat, CultureInfo.InvariantCulture);
        await using var connection = await db.OpenAsync(ct);
        var events = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM demand_events WHERE day < @day", new { day }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM demand_scheme_days WHERE day < @day", new { day }, cancellationToken: ct));
        var words = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM demand_words WHERE last_seen_on < @day", new { day }, cancellationToken: ct));
        return (events, words);
    }

    // Per word hash: the word, how many events used it (each sender once a day) and the last day.
    private Dictionary<string, (string Word, long Events, string LastDay)> CountWords(IReadOnlyList<DemandEvent> events, byte[] key)
    {
        var words = new Dictionary<string, (string Word, long Events, string LastDay)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Description is null || e.Snapshot is null)
            {
                continue;
            }

            var day = e.Day.ToString(DateFormat, CultureInfo.InvariantCulture);
            foreach (var word in UnrecognisedWords.Of(e.Description, e.Snapshot))
            {
                var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(word));
                if (!FirstToday(e.Source, BitConverter.ToInt64(mac), e.Day))
                {
                    continue;
                }

                var hash = Convert.ToHexStringLower(mac);
                words[hash] = words.TryGetValue(hash, out var w)
                    ? (word, w.Events + 1, string.CompareOrdinal(day, w.LastDay) > 0 ? day : w.LastDay)
                    : (word, 1, day);
            }
        }

        return words;
    }

    private bool FirstToday(string? source, long word, DateOnly day)
    {
        // Without a known sender (no address, as behind some proxies) each request counts.
        if (source is null)
        {
            return true;
        }

        // A 64-bit fingerprint of the pair; a collision (about one in 10^9 at the cap) only skips one count.
        var pair = word ^ (source.GetHashCode() * unchecked((long)0x9E3779B97F4A7C15));
        lock (_seenLock)
        {
            if (day != _seenDay)
            {
                _seen.Clear();
                _seenDay = day;
            }

            return !_seen.Contains(pair) && _seen.Count < SeenCap && _seen.Add(pair);
        }
    }

    // The installation's secret: Insights__WordKey when set, else made once at random and kept in the database (the first
    // node to write it wins; every node then reads the same).
    private async Task<byte[]> WordKeyAsync(CancellationToken ct)
    {
        if (_key is not null)
        {
            return _key;
        }

        if (options.Value.WordKey is { Length: > 0 } configured)
        {
            return _key = Encoding.UTF8.GetBytes(configured);
        }

        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO insights_keys (id, word_key) VALUES (1, @Key) ON CONFLICT (id) DO NOTHING",
            new { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, cancellationToken: ct));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT word_key FROM insights_keys WHERE id = 1", cancellationToken: ct));
        return _key = Convert.FromBase64String(stored!);
    }

    // SQLite takes the write lock at the start (BEGIN IMMEDIATE), so the batch waits for it instead of failing halfway.
    private static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(ct);
}
