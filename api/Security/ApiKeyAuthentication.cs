using System.Security.Claims;
using System.Text.Encodings.Web;
using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Security;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ProviderClaim = "provider";
    public const string OrganisationClaim = "organisation";
    public const string AdviserPolicy = "adviser";
    public const string PublisherPolicy = "publisher";

    // Keys that may hold saved data of an organisation (webhook subscriptions): advisers, publishers and admins.
    public const string SubscriberPolicy = "subscriber";
}

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.VerifyAsync(values[0]!, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role),
        };
        if (key.ProviderId is not null)
        {
            claims.Add(new Claim(ApiKeyDefaults.ProviderClaim, key.ProviderId));
        }

        if (key.Organisation is not null)
        {
            claims.Add(new Claim(ApiKeyDefaults.OrganisationClaim, key.Organisation));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyDefaults.Scheme)), ApiKeyDefaults.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(ApiKeyDefaults.Header);
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\"";
        return ApiProblems.WriteAsync(Context, ApiError.Unauthorized(presented
            ? "The API key in X-Api-Key is unknown or has been revoked."
            : "This operation needs an API key in the X-Api-Key header."));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, ApiError.Forbidden(
            $"Your API key (role {Context.User.FindFirstValue(ClaimTypes.Role)}) does not allow this operation."));
}

public static class SecurityExtensions
{
    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        services.AddApiKeyStore();
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.AdviserPolicy, p => p.RequireRole(Roles.Adviser, Roles.Admin))
            .AddPolicy(ApiKeyDefaults.PublisherPolicy, p => p.RequireRole(Roles.Publisher, Roles.Admin))
            .AddPolicy(ApiKeyDefaults.SubscriberPolicy, p => p.RequireRole(Roles.Adviser, Roles.Publisher, Roles.Admin));
        return services;
    }

    public static IServiceCollection AddApiKeyStore(this IServiceCollection services) => services.AddSingleton<ApiKeyStore>();

    public static string? ProviderId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyDefaults.ProviderClaim);

    public static string? Organisation(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyDefaults.OrganisationClaim);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    // Whose saved data a key sees (profiles, subscriptions): an adviser's or admin's organisation, a publisher's provider.
    // Null for a key that belongs to none; such a key keeps no saved data.
    public static string? DataOrganisation(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Publisher) ? user.ProviderId() : user.Organisation();

    // Admin may touch every provider; a publisher only its own.
    public static bool MayPublishFor(this ClaimsPrincipal user, string providerId) =>
        user.IsAdmin() || (user.IsInRole(Roles.Publisher) && string.Equals(user.ProviderId(), providerId, StringComparison.Ordinal));
}
