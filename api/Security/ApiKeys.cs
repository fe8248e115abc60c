using System.Security.Cryptography;
using System.Text;
using Dapper;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Security;

public static class Roles
{
    public const string Adviser = "adviser";
    public const string Publisher = "publisher";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly string[] All = [Adviser, Publisher, Analyst, Admin];
}

public sealed record ApiKeyRecord(
    string Id, string Name, string Role, string? ProviderId, string SecretHash, string CreatedAt, string? RevokedAt, string? Organisation = null);

public sealed record NewApiKey(ApiKeyRecord Record, string Key);

// Keys look like mm_<id>_<secret>: the id finds the record, only a SHA-256 of the 256-bit secret is stored,
// and the comparison takes the same time whatever the input.
public sealed class ApiKeyStore(Database db, TimeProvider time)
{
    public const string Prefix = "mm_";

    public Task<NewApiKey> CreateAsync(string role, string? providerId, string? name, CancellationToken ct) =>
        CreateAsync(role, providerId, organisation: null, name, ct);

    public async Task<NewApiKey> CreateAsync(string role, string? providerId, string? organisation, string? name, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord(
            id, name ?? $"{role} key {id}", role, providerId, Hash(secret), time.GetUtcNow().UtcDateTime.ToString("O"), null, organisation);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (id, name, role, provider_id, organisation, secret_hash, created_at, revoked_at)
            VALUES (@Id, @Name, @Role, @ProviderId, @Organisation, @SecretHash, @CreatedAt, NULL)
            """, record, cancellationToken: ct));
        return new NewApiKey(record, $"{Prefix}{id}_{secret}");
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ApiKeyRecord>(new CommandDefinition(
            """
            SELECT id AS Id, name AS Name, role AS Role, provider_id AS ProviderId, secret_hash AS SecretHash,
                   created_at AS CreatedAt, revoked_at AS RevokedAt, organisation AS Organisation
            FROM api_keys ORDER BY created_at, id
            """, cancellationToken: ct))).ToList();
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @At WHERE id = @id AND revoked_at IS NULL",
            new { id, At = time.GetUtcNow().UtcDateTime.ToString("O") }, cancellationToken: ct)) == 1;
    }

    // Null for anything that is not a live key: malformed, unknown, wrong secret or revoked.
    public async Task<ApiKeyRecord?> VerifyAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var id = rest[..separator];
        await using var connection = await db.OpenAsync(ct);
        var record = await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(
            """
            SELECT id AS Id, name AS Name, role AS Role, provider_id AS ProviderId, secret_hash AS SecretHash,
                   created_at AS CreatedAt, revoked_at AS RevokedAt, organisation AS Organisation
            FROM api_keys WHERE id = @id
            """, new { id }, cancellationToken: ct));
        var presentedHash = Encoding.ASCII.GetBytes(Hash(rest[(separator + 1)..]));
        var storedHash = Encoding.ASCII.GetBytes(record?.SecretHash ?? new string('0', presentedHash.Length));
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);
        return matches && record is { RevokedAt: null } ? record : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
