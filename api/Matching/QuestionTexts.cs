using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// The question that settles an unknown criterion: a company field's from the 'criteria' list, a fact's from the 'facts'
// list in vocabularies.json.
public static class QuestionTexts
{
    public const string FactPrefix = "company.facts.";

    // The field that settles a criterion: the fact's for a fact rule, else the criteria table's (none for free text).
    public static string? FieldOf(CriterionResult criterion, CodeLists codes) =>
        criterion.Fact is { } fact ? FactPrefix + fact : codes.Criteria.GetValueOrDefault(criterion.Criterion)?.Field;

    // Company fields in the order of the criteria table first, then facts.
    public static int Order(string field, CodeLists codes)
    {
        var i = 0;
        foreach (var criterion in codes.Terms.Criteria)
        {
            if (criterion.Field == field)
            {
                return i;
            }

            i++;
        }

        return i;
    }

    public static string For(string field, CodeLists codes, bool en)
    {
        var term = field.StartsWith(FactPrefix, StringComparison.Ordinal)
            ? codes.Facts.GetValueOrDefault(field[FactPrefix.Length..])
            : codes.Terms.Criteria.FirstOrDefault(c => c.Field == field);
        var question = term?.Question ?? term?.Label ?? throw new InvalidOperationException($"No question for {field}.");
        return en ? question.En ?? question.Nl : question.Nl;
    }
}
