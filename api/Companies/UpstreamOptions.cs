using System.ComponentModel.DataAnnotations;

namespace Matchmaker.Api.Companies;

public sealed class KvkOptions
{
    public const string Section = "Kvk";

    // KVK's public test environment and its published test key: a fresh machine works without configuration.
    // Production keys come only from configuration or the environment (Kvk__ApiKey), never from the repository.
    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.kvk.nl/test/api/";

    [Required]
    public string ApiKey { get; set; } = "l7xx1f2691f2520d487b902f4e0b57a0b197";

    [Range(0, 24 * 365)]
    public int ProfileCacheHours { get; set; } = 24;
}

public sealed class PdokOptions
{
    public const string Section = "Pdok";

    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/";

    [Range(0, 3650)]
    public int PostcodeCacheDays { get; set; } = 30;
}

public sealed class UpstreamResilienceOptions
{
    public const string Section = "Upstream";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public int RetryAttempts { get; set; } = 2;

    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
