namespace Matchmaker.Api.Webhooks;

// Webhooks__*: how deliveries are made and retried. Defaults follow DESIGN.md (8 attempts, disabled after 20 failures).
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    // Tests and on-premises installs: allow loopback, private and link-local targets, and plain http.
    public bool AllowPrivateNetworks { get; set; }

    // Attempts per event and subscription, the first included; then the delivery is failed for good.
    public int MaxAttempts { get; set; } = 8;

    // Failed attempts in a row (over all its deliveries) after which a subscription is disabled.
    public int DisableAfterFailures { get; set; } = 20;

    // For one attempt, connecting and the response headers together; the body is read for at most a few KiB more.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    // The first retry waits about this long, each further one twice as long (with jitter), up to MaxRetryDelay.
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    // How often a node looks for due deliveries when nothing woke it.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    // After a rotation the previous secret signs too for this long, so receivers can switch without losing events.
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    // Deliveries sent at once by one node.
    public int Concurrency { get; set; } = 8;

    // Events (and their deliveries and attempts) older than this are deleted.
    public int RetentionDays { get; set; } = 30;
}
