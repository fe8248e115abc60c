using System.Security.Claims;
using System.Text.Json.Nodes;
using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Matchmaker.Api.Matching;

// The HTTP answer for MatchService.RankAsync, for MatchEndpoints. It can go once the endpoints map the outcome themselves.
public static class MatchServiceResults
{
    public static async Task<Results<MatchAnswer, ProblemHttpResult>> MatchAsync(
        this MatchService matcher, JsonObject body, Func<string, string> name, StringValues acceptLanguage, ClaimsPrincipal user,
        CancellationToken ct) =>
        (await matcher.RankAsync(body, name, acceptLanguage, user, ct)).TryGetValue(out var result, out var error)
            ? new MatchAnswer(result)
            : ApiProblems.Problem(error);
}
