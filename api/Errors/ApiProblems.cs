using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Errors;

public sealed record InvalidParam(string Name, string Reason);

// The one place our own error answers are made, so every one has a stable type, a title and a detail.
public static class ApiProblems
{
    public const string TypeBase = "https://matchmaker.dev/problems/";

    public static ProblemHttpResult InvalidParams(IReadOnlyList<InvalidParam> invalidParams) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid request",
            detail: invalidParams.Count == 1
                ? $"One parameter is invalid: {invalidParams[0].Name}."
                : $"{invalidParams.Count} parameters are invalid: {string.Join(", ", invalidParams.Select(p => p.Name))}.",
            type: TypeBase + "invalid-params",
            extensions: new Dictionary<string, object?> { ["invalidParams"] = invalidParams });

    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"There is no {what} with id '{id}'.",
            type: TypeBase + "not-found");
}
