using System.ComponentModel;
using Dapper;
using Matchmaker.Api.Areas;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Vocabularies;

[Description("A code with its Dutch and English label, and for some lists more (purposes: description, words, instruments; facts: type, question and exclusive group).")]
public sealed record TermResponse(
    [property: Description("The code used in the API (lower kebab-case).")] string Code,
    [property: Description("Label in Dutch and English.")] LocalizedText Label,
    [property: Description("What the code means (purposes, statuses).")] LocalizedText? Description = null,
    [property: Description("Words firms use for it (purposes).")] TermWords? Words = null,
    [property: Description("Instruments typical for it (purposes).")] IReadOnlyList<string>? Instruments = null,
    [property: Description("boolean or integer (facts).")] string? Type = null,
    [property: Description("The question to ask the firm (facts).")] LocalizedText? Question = null,
    [property: Description("The two-digit SBI divisions of the section (sbi-sections).")] IReadOnlyList<string>? Divisions = null,
    [property: Description("A group of yes/no facts of which a firm answers at most one yes (facts), e.g. sectorAgreement: a yes to one makes the others no, with provenance derived.")] string? ExclusiveGroup = null);

public sealed class VocabularyRepository(Database db)
{
    public async Task<IReadOnlyList<TermResponse>> TermsAsync(string vocabulary, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Code, string LabelNl, string LabelEn, string? Details)>(new CommandDefinition(
            "SELECT code, label_nl, label_en, details FROM vocabulary_terms WHERE vocabulary = @vocabulary ORDER BY position",
            new { vocabulary }, cancellationToken: ct));
        return rows.Select(r =>
        {
            var d = r.Details is null ? null : System.Text.Json.JsonSerializer.Deserialize<VocabularyTerm>(r.Details, CatalogueJson.Options);
            return new TermResponse(r.Code, new LocalizedText(r.LabelNl, r.LabelEn), d?.Description, d?.Words, d?.Instruments, d?.Type, d?.Question, d?.Divisions, d?.ExclusiveGroup);
        }).ToList();
    }
}

public static class VocabularyEndpoints
{
    public static RouteGroupBuilder MapVocabularies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/vocabularies").WithTags("Vocabularies").RequireCors(HttpConventionsExtensions.CorsPolicy);
        group.MapGet("/{vocabulary}", GetVocabulary)
            .WithName("getVocabulary")
            .WithSummary("Get a vocabulary")
            .WithDescription("The codes used in schemes, filters, match requests, insights, referrals and webhook subscriptions with Dutch and English labels: themes, phases, instruments, levels, legal-forms, size-classes, purposes, statuses, facts, profile-sources, window-modes, budget-statuses, provider-kinds, sbi-sections, channels, company-age-bands, insight-groupings, referral-statuses, referral-outcomes, referral-channels, referral-sides, referral-notification-types, webhook-events or delivery-states.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<ItemList<TermResponse>>, ProblemHttpResult>> GetVocabulary(
        [Description("themes, phases, instruments, levels, legal-forms, size-classes, purposes, statuses, facts, profile-sources, window-modes, budget-statuses, provider-kinds, sbi-sections, channels, company-age-bands, insight-groupings, referral-statuses, referral-outcomes, referral-channels, referral-sides, referral-notification-types, webhook-events or delivery-states.")] string vocabulary,
        VocabularyRepository vocabularies, CodeLists codes, CancellationToken ct)
    {
        if (!codes.ByName.ContainsKey(vocabulary))
        {
            return ApiProblems.NotFound("vocabulary", vocabulary);
        }

        return TypedResults.Ok(new ItemList<TermResponse>(await vocabularies.TermsAsync(vocabulary, ct)));
    }
}
