using System.Net;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace Matchmaker.Api.Companies;

public enum UpstreamFailure
{
    None,
    NotFound,
    Unavailable,
    Timeout,
    BadAnswer,
    Rejected,
}

public enum UpstreamCause
{
    CircuitOpen,
    TimedOut,
    Unreadable,
    Unreachable,
    ErrorAnswer,
    CredentialsRejected,
    PostcodeUnknown,
}

// Why an upstream failed, as a value: the words are chosen where they are shown, in the request's language.
public sealed record UpstreamReason(string Upstream, UpstreamCause Cause, string? Subject = null)
{
    public string Text(bool english) => (Cause, english) switch
    {
        (UpstreamCause.CircuitOpen, true) => $"{Upstream} is failing; calls are paused for a while",
        (UpstreamCause.CircuitOpen, false) => $"{Upstream} geeft steeds fouten; aanroepen zijn een tijdje gepauzeerd",
        (UpstreamCause.TimedOut, true) => $"{Upstream} did not answer in time",
        (UpstreamCause.TimedOut, false) => $"{Upstream} antwoordde niet op tijd",
        (UpstreamCause.Unreadable, true) => $"{Upstream} gave an unreadable answer",
        (UpstreamCause.Unreadable, false) => $"{Upstream} gaf een onleesbaar antwoord",
        (UpstreamCause.ErrorAnswer, true) => $"{Upstream} answered with an error",
        (UpstreamCause.ErrorAnswer, false) => $"{Upstream} antwoordde met een fout",
        (UpstreamCause.CredentialsRejected, true) => $"{Upstream} rejected the service's credentials",
        (UpstreamCause.CredentialsRejected, false) => $"{Upstream} weigerde de toegangsgegevens van deze dienst",
        (UpstreamCause.PostcodeUnknown, true) => $"postcode {Subject} is unknown to {Upstream}",
        (UpstreamCause.PostcodeUnknown, false) => $"postcode {Subject} is onbekend bij {Upstream}",
        (_, true) => $"{Upstream} could not be reached",
        (_, false) => $"{Upstream} was niet bereikbaar",
    };
}

public sealed record Upstream<T>(T? Value, UpstreamFailure Failure, UpstreamReason? Reason = null);

public static class Upstream
{
    public static Upstream<T> Ok<T>(T value) => new(value, UpstreamFailure.None);
}

// The boundary to KVK and PDOK: answers become our facts or a named failure, cached in SQLite; upstream text never leaks.
public sealed class CompanyLookup(
    IKvkApi kvk, IPdokApi pdok, Database db, IOptions<KvkOptions> kvkOptions, IOptions<PdokOptions> pdokOptions,
    Vocabularies.CodeLists codes, TimeProvider time, ILogger<CompanyLookup> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Upstream<KvkFacts>> ProfileAsync(string kvkNumber, CancellationToken ct)
    {
        var key = "kvk:profile:" + kvkNumber;
        if (await CachedAsync<KvkFacts>(key, ct) is { } cached)
        {
            return Upstream.Ok(cached);
        }

        var result = await CallAsync("KVK Basisprofiel", () => kvk.GetBasisprofielAsync(kvkNumber, ct), ct);
        if (result.Value is null)
        {
            return new Upstream<KvkFacts>(null, result.Failure, result.Reason);
        }

        var facts = KvkMapping.Map(kvkNumber, result.Value, codes.Terms.LegalForms);
        await StoreAsync(key, facts, TimeSpan.FromHours(kvkOptions.Value.ProfileCacheHours), ct);
        return Upstream.Ok(facts);
    }

    public async Task<Upstream<KvkZoekResultaat>> SearchAsync(string name, int page, int pageSize, CancellationToken ct)
    {
        var result = await CallAsync("KVK Zoeken", () => kvk.SearchAsync(name, page, pageSize, ct), ct);
        // Zoeken answers 404 (IPD5200) when nothing matches: that is an empty list, not an error.
        return result.Failure == UpstreamFailure.NotFound
            ? Upstream.Ok(new KvkZoekResultaat(page, pageSize, 0, []))
            : result;
    }

    public async Task<Upstream<PostcodeArea>> PostcodeAsync(string postcode, CancellationToken ct)
    {
        var key = "pdok:postcode:" + postcode;
        if (await CachedAsync<PostcodeArea>(key, ct) is { } cached)
        {
            return Upstream.Ok(cached);
        }

        var result = await CallAsync("PDOK Locatieserver",
            () => pdok.FreeAsync("postcode:" + postcode, "type:postcode", 10, "postcode,gemeentecode,gemeentenaam,provinciecode,provincienaam,woonplaatsnaam", ct), ct);
        if (result.Value is null)
        {
            return new Upstream<PostcodeArea>(null, result.Failure, result.Reason);
        }

        if (KvkMapping.MapPostcode(postcode, result.Value) is not { } area)
        {
            return new Upstream<PostcodeArea>(null, UpstreamFailure.NotFound, new UpstreamReason("PDOK", UpstreamCause.PostcodeUnknown, postcode));
        }

        await StoreAsync(key, area, TimeSpan.FromDays(pdokOptions.Value.PostcodeCacheDays), ct);
        return Upstream.Ok(area);
    }

    private async Task<Upstream<T>> CallAsync<T>(string upstream, Func<Task<IApiResponse<T>>> call, CancellationToken ct)
    {
        try
        {
            var response = await call();
            if (response.IsSuccessful && response.Content is not null)
            {
                return Upstream.Ok(response.Content);
            }

            var status = response.StatusCode;
            if (status is null)
            {
                // Refit hands transport failures, timeouts and an open circuit back as an error without a status.
                return Failed<T>(upstream, response.Error);
            }

            if (status == HttpStatusCode.NotFound)
            {
                return new Upstream<T>(default, UpstreamFailure.NotFound);
            }

            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                logger.LogError("{Upstream} rejected our API key ({Status}); check the configured key", upstream, (int?)status);
                return new Upstream<T>(default, UpstreamFailure.Rejected, new UpstreamReason(upstream, UpstreamCause.CredentialsRejected));
            }

            if (response.IsSuccessStatusCode)
            {
                logger.LogWarning(response.Error, "{Upstream} answered {Status} with a body that is not the documented JSON", upstream, (int?)status);
                return new Upstream<T>(default, UpstreamFailure.BadAnswer, new UpstreamReason(upstream, UpstreamCause.Unreadable));
            }

            logger.LogWarning("{Upstream} answered {Status}", upstream, (int?)status);
            return new Upstream<T>(default, UpstreamFailure.Unavailable, new UpstreamReason(upstream, UpstreamCause.ErrorAnswer));
        }
        catch (Exception ex) when (ex is HttpRequestException or ApiException or JsonException or BrokenCircuitException
                                       or TimeoutRejectedException or OperationCanceledException)
        {
            return Failed<T>(upstream, ex);
        }
    }

    private Upstream<T> Failed<T>(string upstream, Exception? error)
    {
        var cause = error;
        while (cause is ApiException or ApiRequestException && cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        logger.LogWarning("{Upstream} failed: {Cause} {Message}", upstream, cause?.GetType().Name ?? "no answer", cause?.Message);
        return cause switch
        {
            BrokenCircuitException => new Upstream<T>(default, UpstreamFailure.Unavailable, new UpstreamReason(upstream, UpstreamCause.CircuitOpen)),
            TimeoutRejectedException or OperationCanceledException => new Upstream<T>(default, UpstreamFailure.Timeout, new UpstreamReason(upstream, UpstreamCause.TimedOut)),
            JsonException => new Upstream<T>(default, UpstreamFailure.BadAnswer, new UpstreamReason(upstream, UpstreamCause.Unreadable)),
            _ => new Upstream<T>(default, UpstreamFailure.Unavailable, new UpstreamReason(upstream, UpstreamCause.Unreachable)),
        };
    }

    private async Task<T?> CachedAsync<T>(string key, CancellationToken ct)
        where T : class
    {
        await using var connection = await db.OpenAsync(ct);
        var value = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT value FROM upstream_cache WHERE key = @key AND expires_at > @now",
            new { key, now = time.GetUtcNow().UtcDateTime.ToString("O") }, cancellationToken: ct));
        return value is null ? null : JsonSerializer.Deserialize<T>(value, Json);
    }

    private async Task StoreAsync<T>(string key, T value, TimeSpan lifetime, CancellationToken ct)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO upstream_cache (key, value, expires_at) VALUES (@key, @value, @expires)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            """,
            new { key, value = JsonSerializer.Serialize(value, Json), expires = (time.GetUtcNow() + lifetime).UtcDateTime.ToString("O") },
            cancellationToken: ct));
    }
}
