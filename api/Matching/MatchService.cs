using System.Security.Claims;
using System.Text.Json.Nodes;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Observability;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Matching;

// A match and whether every upstream lookup it needed answered.
public sealed record RankedMatch(MatchResult Result, bool UpstreamComplete);

// The endpoint side of matching: validate, resolve the profile (input, KVK, PDOK), rank, and say what limited the answer.
public sealed class MatchService(
    CatalogueSnapshotProvider snapshots, MatchRequestValidator validator, CompanyLookup companies, CompanyProfiles profiles, IAuthorizationService authorization,
    MatchingMetrics metrics, DemandRecorder demand, IHttpContextAccessor http, TimeProvider time)
{
    public const int DefaultLimit = 10;

    // Upstream lookups share one budget, so a match answers within about six seconds whatever KVK and PDOK do.
    public static readonly TimeSpan UpstreamBudget = TimeSpan.FromSeconds(5.5);

    // body is a request in the shape of data/match-request.schema.json; name maps its field names to what the client sent.
    public async Task<Outcome<MatchResult>> RankAsync(
        JsonObject body, Func<string, string> name, StringValues acceptLanguage, ClaimsPrincipal user, CancellationToken ct) =>
        (await RankDetailedAsync(body, name, acceptLanguage, user, channel: null, ct)).TryGetValue(out var ranked, out var error)
            ? ranked.Result
            : error;

    // The same, saying whether KVK and PDOK answered (a saved profile's change detector ignores an answer without them,
    // which would make schemes come and go only because an upstream was away). channel names the caller in the metrics
    // when it is not a request (null: adviser or anonymous, from the key).
    public async Task<Outcome<RankedMatch>> RankDetailedAsync(
        JsonObject body, Func<string, string> name, StringValues acceptLanguage, ClaimsPrincipal user, string? channel, CancellationToken ct)
    {
        var snapshot = snapshots.Current;
        var today = time.TodayInAmsterdam();
        var (request, problems) = validator.Validate(body, today, snapshot.Municipalities);
        if (request is null)
        {
            return ApiError.InvalidParams(problems.Select(p => p with { Name = name(p.Name) }).DistinctBy(p => (p.Name, p.Reason)).ToList());
        }

        var en = request.Language == "en" || (request.Language is null && acceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase));
        // The same adviser policy that guards /v1/companies: a KVK lookup is a lookup, whichever endpoint asks.
        if (request.KvkNumber is not null && !(await authorization.AuthorizeAsync(user, ApiKeyDefaults.AdviserPolicy)).Succeeded)
        {
            const string Detail = "Matching with kvkNumber looks the firm up in the KVK register, which needs an adviser key in X-Api-Key. " +
                                  "Without a key, leave kvkNumber out and describe the firm in company.";
            return user.Identity?.IsAuthenticated != true ? ApiError.Unauthorized(Detail) : ApiError.Forbidden(Detail);
        }

        var warnings = new List<string>();
        var upstreamComplete = true;
        KvkFacts? kvk = null;
        ProfileSources? sources = null;
        if (request.KvkNumber is not null || request.Company?.Postcode is not null)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(UpstreamBudget);
            if (request.KvkNumber is { } kvkNumber)
            {
                var found = await companies.ProfileAsync(kvkNumber, budget.Token);
                kvk = found.Value;
                upstreamComplete = kvk is not null || found.Failure == UpstreamFailure.NotFound;
                if (kvk is null)
                {
                    warnings.Add(found.Failure == UpstreamFailure.NotFound
                        ? (en ? $"KVK number {kvkNumber} was not found in the KVK register; the profile uses only the facts given."
                              : $"KVK-nummer {kvkNumber} staat niet in het Handelsregister; het profiel gebruikt alleen de gegeven feiten.")
                        : (en ? $"KVK lookup unavailable ({found.Reason?.Text(english: true)}); the profile uses only the facts given."
                              : $"Opzoeken in het KVK-register lukte niet ({found.Reason?.Text(english: false)}); het profiel gebruikt alleen de gegeven feiten."));
                }
            }

            var looked = await profiles.LookUpAsync(request.Company, kvk, en, budget.Token);
            sources = looked.Sources;
            upstreamComplete &= looked.Complete;
            warnings.AddRange(looked.Warnings);
        }

        var profile = ProfileResolver.Resolve(request.KvkNumber, request.Company, request.AsOf ?? today, snapshot.Municipalities, sources, snapshot.Codes.ExclusiveFacts);
        var started = time.GetTimestamp();
        var need = NeedQuery.Analyze(request.Need, snapshot);
        var ranked = MatchRanker.Rank(profile, need, snapshot, request.AsOf ?? today,
            new RankOptions(request.Limit ?? DefaultLimit, request.IncludeIneligible == true, en));
        var context = http.HttpContext;
        if (channel is not null)
        {
            // A saved profile matched again by the caseload is no question a firm asked: metrics only, no demand event.
            metrics.Record(channel, ranked.Matches.Count, ranked.Unmet, time.GetElapsedTime(started));
        }
        else
        {
            var requestChannel = DemandChannels.Of(user, context?.Request);
            metrics.Record(requestChannel, ranked.Matches.Count, ranked.Unmet, time.GetElapsedTime(started));
            // Only answered matches count as demand (a 400 returned above never gets here); off the hot path, never waited for.
            demand.Record(DemandEvent.From(profile, ranked, snapshot, requestChannel, today, request.Need?.Description, DemandChannels.SourceOf(user, context)));
        }
        warnings.AddRange(ranked.Warnings);
        return new RankedMatch(
            new MatchResult(
                profile, ranked.Matches, ranked.Excluded, ranked.Questions.Count > 0 ? ranked.Questions[0] : null, ranked.Questions,
                Recognise(ranked.Need, snapshot, en), warnings),
            upstreamComplete);
    }

    private static Recognised Recognise(NeedQuery need, CatalogueSnapshot snapshot, bool en)
    {
        var purposes = need.Purposes.Select(p => snapshot.Codes.Terms.Purposes[p.Bit])
            .Select(t => new RecognisedCode(t.Code, en ? t.Label.En ?? t.Label.Nl : t.Label.Nl)).ToList();
        return new Recognised(purposes, need.Themes.Order(StringComparer.Ordinal).ToList(), need.Instruments.Order(StringComparer.Ordinal).ToList(),
            need.Phrases);
    }
}
