using System.Globalization;

namespace Matchmaker.Api.Matching;

// A sentence in Dutch and English with numbered holes ({0}, {1}), filled in the request's language.
public readonly record struct Text(string Nl, string En)
{
    public string Of(bool en) => en ? En : Nl;

    public string Format(bool en, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Of(en), args);

    // The sentence for an outcome: one per outcome of a criterion.
    public static Text For(string outcome, Text unknown, Text met, Text unmet) =>
        outcome == Outcome.Unknown ? unknown : outcome == Outcome.Met ? met : unmet;
}

// The reasons a firm reads per criterion and outcome (plain Dutch, B1, and plain English). The criteria's names,
// request fields and questions are in the 'criteria' list of vocabularies.json.
public static class CriterionTexts
{
    public static readonly Text Ended = new("De regeling is beëindigd.", "The scheme has ended.");

    // {0} the scheme's area, {1} the firm's place.
    public static readonly Text LocationNational = new("Voor bedrijven in heel Nederland.", "Open to firms anywhere in the Netherlands.");
    public static readonly Text LocationUnknown = new("Alleen voor bedrijven gevestigd in {0}; uw vestigingsplaats is onbekend.", "Only for firms established in {0}; your location is not known.");
    public static readonly Text LocationMet = new("Uw bedrijf in {1} valt binnen het werkgebied ({0}).", "Your firm in {1} is within the scheme's area ({0}).");
    public static readonly Text LocationUnmet = new("Alleen voor bedrijven gevestigd in {0}; uw bedrijf zit in {1}.", "Only for firms established in {0}; your firm is in {1}.");
    public static readonly Text AndMore = new(" en meer", " and more");

    // {0} the allowed sizes ("bedrijven met omvang micro of klein"), {1} the firm's size, {2} its number of people.
    public static readonly Text SizeLimit = new("bedrijven met omvang {0}", "{0} firms");
    public static readonly Text Or = new(" of ", " or ");
    public static readonly Text SizeUnknown = new("Alleen voor {0}; de omvang van uw bedrijf is onbekend.", "Only for {0}; your firm's size is not known.");
    public static readonly Text SizeMet = new("Uw bedrijf is {1} ({2} werkzame personen); de regeling is voor {0}.", "Your firm is {1} ({2} people); the scheme is for {0}.");
    public static readonly Text SizeUnmet = new("Alleen voor {0}; uw bedrijf is {1}.", "Only for {0}; your firm is {1}.");

    // {0} the allowed range, {1} the firm's number.
    public static readonly Text EmployeesUnknown = new("Voor bedrijven met {0} werkzame personen; het aantal is onbekend.", "For firms with {0} people; the number is not known.");
    public static readonly Text EmployeesMet = new("{1} werkzame personen; de regeling is voor {0}.", "{1} people; the scheme is for {0}.");
    public static readonly Text EmployeesUnmet = new("{1} werkzame personen; de regeling is alleen voor {0}.", "{1} people; the scheme is only for {0}.");

    // {0} what is limited (the criterion's label), {1} the maximum, {2} the firm's amount.
    public static readonly Text CeilingUnknown = new("{0} maximaal {1}; die van u is onbekend.", "{0} at most {1}; yours is not known.");
    public static readonly Text CeilingMet = new("{0} {2} valt binnen het maximum van {1}.", "{0} {2} is within the maximum of {1}.");
    public static readonly Text CeilingUnmet = new("{0} {2} is hoger dan het maximum van {1}.", "{0} {2} is above the maximum of {1}.");

    // {0} the allowed ages ("minstens 3 jaar oud"), {1} the firm's age.
    public static readonly Text YearsOld = new("{0} jaar oud", "{0} years old");
    public static readonly Text AgeUnknown = new("Voor bedrijven van {0}; de startdatum is onbekend.", "For firms {0}; the start date is not known.");
    public static readonly Text AgeMet = new("Uw bedrijf is {1} jaar oud; de regeling is voor bedrijven van {0}.", "Your firm is {1} years old; the scheme is for firms {0}.");
    public static readonly Text AgeUnmet = new("Uw bedrijf is {1} jaar oud; de regeling is alleen voor bedrijven van {0}.", "Your firm is {1} years old; the scheme is only for firms {0}.");

    // {0} the allowed legal forms, {1} the firm's.
    public static readonly Text LegalFormUnknown = new("Alleen voor deze rechtsvormen: {0}; die van u is onbekend.", "Only for these legal forms: {0}; yours is not known.");
    public static readonly Text LegalFormMet = new("Uw rechtsvorm ({1}) komt in aanmerking.", "Your legal form ({1}) qualifies.");
    public static readonly Text LegalFormUnmet = new("Alleen voor {0}; uw bedrijf is een {1}.", "Only for {0}; your firm is a {1}.");

    // Sectors are named ("landbouw, bosbouw en visserij (SBI 01)"); {0} and {1} are such names or lists of them.
    public static readonly Text PartOf = new("een deel van ", "part of ");
    public static readonly Text SectorUnknownIncluded = new("Alleen voor bedrijven in {0}; uw activiteit is onbekend.", "Only for firms in {0}; your activity is not known.");
    public static readonly Text SectorUnknownExcluded = new("Niet voor bedrijven in {0}; uw activiteit is onbekend.", "Not for firms in {0}; your activity is not known.");
    public static readonly Text SectorExcluded = new("Uw hoofdactiviteit ({0}) is uitgesloten: niet voor {1}.", "Your main activity ({0}) is excluded: not for {1}.");
    public static readonly Text SectorNotExcluded = new("Uw hoofdactiviteit ({0}) is niet uitgesloten.", "Your main activity ({0}) is not excluded.");
    public static readonly Text SectorIncluded = new("Uw activiteit ({0}) hoort bij de sectoren van de regeling.", "Your activity ({0}) is one of the scheme's sectors.");
    public static readonly Text SectorNotIncluded = new("Alleen voor {0}; uw activiteit is {1}.", "Only for {0}; your activity is {1}.");

    public static readonly Text Collaboration = new(
        "Het project moet samen met andere bedrijven of kennisinstellingen worden uitgevoerd.",
        "The project must be done together with other firms or research organisations.");

    public static readonly Text CollaborationMet = new(
        "U voert het project uit samen met andere bedrijven of kennisinstellingen, zoals vereist.",
        "You carry out the project together with other firms or research organisations, as required.");

    public static readonly Text CollaborationUnmet = new(
        "Het project moet samen met andere bedrijven of kennisinstellingen worden uitgevoerd; u gaf aan dat niet te doen.",
        "The project must be done together with other firms or research organisations; you said you will not.");

    // The free-text conditions in one line: {0} how many more there are.
    public static readonly Text ConditionsPrefix = new("Een adviseur controleert: ", "A person checks: ");
    public static readonly Text ConditionsMore = new(" (en nog {0}; zie fullText).", " (and {0} more; see fullText).");

    // {0} the fact's label, {1} its allowed range; then the firm's answer.
    public static readonly Text Yes = new("ja", "yes");
    public static readonly Text No = new("nee", "no");
    public static readonly Text FactRequired = new("{0}: vereist.", "{0}: required.");
    public static readonly Text FactMustNotApply = new("{0}: mag niet zo zijn.", "{0}: must not apply.");
    public static readonly Text FactRange = new("{0}: {1}.", "{0}: {1}.");
    public static readonly Text FactUnknown = new(" Nog niet beantwoord.", " Not answered yet.");
    public static readonly Text FactMet = new(" Uw antwoord: {0}. Dat past.", " Your answer: {0}. That fits.");
    public static readonly Text FactUnmet = new(" Uw antwoord: {0}. Dat past niet.", " Your answer: {0}. That does not fit.");

    // Ranges of numbers and of amounts.
    public static readonly Text Between = new("{0} tot en met {1}", "{0} to {1}");
    public static readonly Text AtLeast = new("minstens {0}", "at least {0}");
    public static readonly Text AtMost = new("hoogstens {0}", "at most {0}");
}
