using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// The questions a form or an adviser asks to settle an unknown criterion, in Dutch and English; the facts' questions
// come from vocabularies.json.
public static class QuestionTexts
{
    public const string FactPrefix = "company.facts.";

    private static readonly (string Field, string Nl, string En)[] Fields =
    [
        ("company.municipalityCode", "In welke gemeente is uw bedrijf gevestigd?", "In which municipality is your business established?"),
        ("company.employees", "Hoeveel mensen werken er in uw bedrijf?", "How many people work in your business?"),
        ("company.foundedOn", "Wanneer is uw bedrijf gestart?", "When did your business start?"),
        ("company.sbiCodes", "Wat is de hoofdactiviteit van uw bedrijf (SBI-code)?", "What is your business's main activity (SBI code)?"),
        ("company.legalForm", "Wat is de rechtsvorm van uw bedrijf, bijvoorbeeld eenmanszaak of bv?", "What is your business's legal form, for example eenmanszaak or bv?"),
        ("company.annualTurnoverEur", "Wat is de jaaromzet van uw bedrijf?", "What is your business's annual turnover?"),
        ("company.balanceSheetTotalEur", "Wat is het balanstotaal van uw bedrijf?", "What is your business's balance-sheet total?"),
    ];

    // Company fields in a fixed order first, then facts.
    public static int Order(string field)
    {
        var i = Array.FindIndex(Fields, f => f.Field == field);
        return i >= 0 ? i : Fields.Length;
    }

    public static string For(string field, CodeLists codes, bool en)
    {
        if (field.StartsWith(FactPrefix, StringComparison.Ordinal) && codes.Facts.TryGetValue(field[FactPrefix.Length..], out var fact))
        {
            var question = fact.Question ?? fact.Label;
            return en ? question.En ?? question.Nl : question.Nl;
        }

        var known = Array.Find(Fields, f => f.Field == field);
        return en ? known.En : known.Nl;
    }
}
