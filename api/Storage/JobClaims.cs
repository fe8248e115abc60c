using Dapper;

namespace Matchmaker.Api.Storage;

// Periodic work that runs once across nodes: each node wakes on its own timer, and the one whose claim updates the row
// does the run; the others see the row already claimed for this period and skip it. An UPDATE with a condition is
// atomic on both databases, so two nodes never both win the same period.
public sealed class JobClaims(Database db, TimeProvider time)
{
    public async Task<bool> TryClaimAsync(string job, TimeSpan every, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO job_runs (job, last_run_at) VALUES (@job, '') ON CONFLICT (job) DO NOTHING", new { job }, cancellationToken: ct));
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_runs SET last_run_at = @Now WHERE job = @job AND last_run_at <= @Due",
            new { job, Now = now.ToString("O"), Due = (now - every).ToString("O") }, cancellationToken: ct));
        return claimed == 1;
    }
}
