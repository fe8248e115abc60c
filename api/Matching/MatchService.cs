using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Matching;

// The endpoint side of matching: validate, resolve the profile, rank, and say what limited the answer.
public sealed class MatchService(CatalogueSnapshotProvider snapshots, TimeProvider time)
{
    public const int DefaultLimit = 10;

    public Task<Results<Ok<MatchResult>, ProblemHttpResult>> MatchAsync(
        MatchRequest? request, List<InvalidParam> problems, Func<string, string> name, StringValues acceptLanguage, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var snapshot = snapshots.Current;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request is not null)
        {
            MatchRequestReader.Validate(request, today, snapshot.Municipalities.Keys.ToHashSet(StringComparer.Ordinal), name, problems);
        }

        if (request is null || problems.Count > 0)
        {
            return Task.FromResult<Results<Ok<MatchResult>, ProblemHttpResult>>(
                ApiProblems.InvalidParams(problems.DistinctBy(p => (p.Name, p.Reason)).ToList()));
        }

        var en = request.Language == "en" || (request.Language is null && acceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase));
        var asOf = request.AsOf ?? today;
        var warnings = new List<string>();
        if (request.KvkNumber is not null)
        {
            warnings.Add(en
                ? "KVK lookup is not available in this version; the profile uses only the facts given in company."
                : "Opzoeken in het KVK-register is in deze versie niet beschikbaar; het profiel gebruikt alleen de gegevens uit company.");
        }

        if (request.Company?.Postcode is not null && request.Company.MunicipalityCode is null)
        {
            warnings.Add(en
                ? "The postcode could not be turned into a municipality in this version; give company.municipalityCode."
                : "De postcode kon in deze versie niet worden omgezet naar een gemeente; geef company.municipalityCode op.");
        }

        var profile = ProfileResolver.Resolve(request.KvkNumber, request.Company, asOf, snapshot.Municipalities);
        var need = NeedQuery.Analyze(request.Need, snapshot);
        var ranked = MatchRanker.Rank(profile, need, snapshot, asOf,
            new RankOptions(request.Limit ?? DefaultLimit, request.IncludeIneligible == true, en));
        return Task.FromResult<Results<Ok<MatchResult>, ProblemHttpResult>>(
            TypedResults.Ok(new MatchResult(profile, ranked.Matches, ranked.Excluded, ranked.NextQuestion, warnings)));
    }
}
