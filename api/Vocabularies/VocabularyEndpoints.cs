using System.ComponentModel;
using Dapper;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Vocabularies;

[Description("A code with its Dutch and English label.")]
public sealed record TermResponse(
    [property: Description("The code used in the API (lower kebab-case).")] string Code,
    [property: Description("Label in Dutch and English.")] LocalizedText Label);

public sealed class VocabularyRepository(SqliteConnectionFactory db)
{
    public static readonly string[] Names = ["themes", "phases", "instruments", "levels", "legal-forms", "size-classes"];

    public async Task<IReadOnlyList<TermResponse>> TermsAsync(string vocabulary, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Code, string LabelNl, string LabelEn)>(new CommandDefinition(
            "SELECT code, label_nl, label_en FROM vocabulary_terms WHERE vocabulary = @vocabulary ORDER BY position",
            new { vocabulary }, cancellationToken: ct));
        return rows.Select(r => new TermResponse(r.Code, new LocalizedText(r.LabelNl, r.LabelEn))).ToList();
    }
}

public static class VocabularyEndpoints
{
    public static RouteGroupBuilder MapVocabularies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/vocabularies").WithTags("Vocabularies").RequireCors(HttpConventionsExtensions.CorsPolicy);
        group.MapGet("/{vocabulary}", GetVocabulary)
            .WithName("GetVocabulary")
            .WithSummary("Get a vocabulary")
            .WithDescription("The codes used in schemes and filters with Dutch and English labels: themes, phases, instruments, levels, legal-forms or size-classes.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<ItemList<TermResponse>>, ProblemHttpResult>> GetVocabulary(
        [Description("themes, phases, instruments, levels, legal-forms or size-classes.")] string vocabulary,
        VocabularyRepository vocabularies, CancellationToken ct)
    {
        if (!VocabularyRepository.Names.Contains(vocabulary))
        {
            return ApiProblems.NotFound("vocabulary", vocabulary);
        }

        return TypedResults.Ok(new ItemList<TermResponse>(await vocabularies.TermsAsync(vocabulary, ct)));
    }
}
