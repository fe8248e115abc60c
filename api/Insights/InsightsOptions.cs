namespace Matchmaker.Api.Insights;

public sealed class InsightsOptions
{
    public const string Section = "Insights";

    // Record demand events at all; off, matching records nothing and the insights answer from what is stored.
    public bool Enabled { get; set; } = true;

    // A cell (and a word) is shown only when at least this many requests are in it.
    public int MinimumCellSize { get; set; } = 10;

    // Events (and words not used since) older than this many days are deleted.
    public int RetentionDays { get; set; } = 730;

    // Events waiting to be written; when the queue is full a new event is dropped (and counted), never waited for.
    public int QueueCapacity { get; set; } = 10_000;

    // Events written in one transaction at most.
    public int BatchSize { get; set; } = 500;

    // How long the writer lets events gather before it writes them (a flush or a stop does not wait).
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    // The secret key of the word hashes (at least 32 characters); when unset, a random key is made once and kept in the
    // database. Set it outside the database so that a copy of the database alone cannot test guessed words.
    public string? WordKey { get; set; }
}
