namespace Matchmaker.Api.Caseload;

// Caseload__*: how the change detector runs.
public sealed class CaseloadOptions
{
    public const string Section = "Caseload";

    // How often a node looks for catalogue changes to apply when nothing woke it (a catalogue rebuild wakes it at once).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // Saved profiles matched again per transaction.
    public int BatchSize { get; set; } = 200;

    // The share of one core the change detector may take while it matches profiles again (it pauses in between), so
    // matching for requests stays as fast as before; 1 never pauses.
    public double DutyCycle { get; set; } = 0.3;
}
