using System.Text.Json;

namespace Matchmaker.Api.Catalogue;

public sealed record ProvinceRecord(string Code, string Name, string IsoCode);

public sealed record MunicipalityRecord(string Code, string Name, string ProvinceCode);

public sealed record TermWords(IReadOnlyList<string>? Nl = null, IReadOnlyList<string>? En = null);

// One code of a list in data/vocabularies.json; the optional parts belong to some lists only
// (purposes: words and instruments; facts: type and question; criteria: the request field that settles one and its
// question; instruments: windowsRequired; SBI sections: the two-digit divisions they hold; legal forms: the words and
// abbreviations KVK writes for them).
public sealed record VocabularyTerm(
    string Code,
    LocalizedText Label,
    LocalizedText? Description = null,
    TermWords? Words = null,
    IReadOnlyList<string>? Instruments = null,
    bool? WindowsRequired = null,
    string? Type = null,
    LocalizedText? Question = null,
    IReadOnlyList<string>? Divisions = null,
    IReadOnlyList<string>? KvkNames = null,
    IReadOnlyList<string>? KvkAbbreviations = null,
    string? Field = null,
    // For yes/no facts: a group of which a firm answers at most one yes ("sectorAgreement": a firm falls under one
    // sector's collective agreement and its training fund), so a yes to one makes the others no (ProfileResolver).
    string? ExclusiveGroup = null,
    // For purposes: the SBI sections whose firms have this purpose by their trade ("A": a farm or fishery that invests
    // modernises a farm), so their questions count it too, more weakly than words they write (MatchRanker).
    IReadOnlyList<string>? SbiSections = null);

public sealed record Vocabularies(
    IReadOnlyList<VocabularyTerm> Themes,
    IReadOnlyList<VocabularyTerm> Phases,
    IReadOnlyList<VocabularyTerm> Instruments,
    IReadOnlyList<VocabularyTerm> Levels,
    IReadOnlyList<VocabularyTerm> LegalForms,
    IReadOnlyList<VocabularyTerm> SizeClasses,
    IReadOnlyList<VocabularyTerm> Purposes,
    IReadOnlyList<VocabularyTerm> Statuses,
    IReadOnlyList<VocabularyTerm> Facts,
    IReadOnlyList<VocabularyTerm> Criteria,
    IReadOnlyList<VocabularyTerm> CriterionOutcomes,
    IReadOnlyList<VocabularyTerm> Eligibilities,
    IReadOnlyList<VocabularyTerm> ProfileSources,
    IReadOnlyList<VocabularyTerm> WindowModes,
    IReadOnlyList<VocabularyTerm> BudgetStatuses,
    IReadOnlyList<VocabularyTerm> ProviderKinds,
    IReadOnlyList<VocabularyTerm> SbiSections,
    IReadOnlyList<VocabularyTerm> Channels,
    IReadOnlyList<VocabularyTerm> CompanyAgeBands,
    IReadOnlyList<VocabularyTerm> InsightGroupings,
    IReadOnlyList<VocabularyTerm> ReferralStatuses,
    IReadOnlyList<VocabularyTerm> ReferralOutcomes,
    IReadOnlyList<VocabularyTerm> ReferralChannels,
    IReadOnlyList<VocabularyTerm> ReferralSides,
    IReadOnlyList<VocabularyTerm> ReferralNotificationTypes,
    IReadOnlyList<VocabularyTerm> WebhookEvents,
    IReadOnlyList<VocabularyTerm> DeliveryStates)
{
    // The lists as the API names them (/v1/vocabularies/{name}), in a fixed order.
    public IReadOnlyList<(string Name, IReadOnlyList<VocabularyTerm> Terms)> Lists =>
    [
        ("themes", Themes), ("phases", Phases), ("instruments", Instruments), ("levels", Levels), ("legal-forms", LegalForms),
        ("size-classes", SizeClasses), ("purposes", Purposes), ("statuses", Statuses), ("facts", Facts), ("criteria", Criteria),
        ("criterion-outcomes", CriterionOutcomes), ("eligibilities", Eligibilities), ("profile-sources", ProfileSources),
        ("window-modes", WindowModes),
        ("budget-statuses", BudgetStatuses), ("provider-kinds", ProviderKinds), ("sbi-sections", SbiSections),
        ("channels", Channels), ("company-age-bands", CompanyAgeBands), ("insight-groupings", InsightGroupings),
        ("referral-statuses", ReferralStatuses), ("referral-outcomes", ReferralOutcomes), ("referral-channels", ReferralChannels),
        ("referral-sides", ReferralSides), ("referral-notification-types", ReferralNotificationTypes),
        ("webhook-events", WebhookEvents), ("delivery-states", DeliveryStates),
    ];

    public static Vocabularies Load(string dataPath) => CatalogueData.Read<Vocabularies>(Path.Combine(dataPath, "vocabularies.json"));
}

// Everything in data/, read and parsed; the seed and the data tests both start from here.
public sealed record CatalogueData(
    IReadOnlyList<(string File, ProviderFile Content)> ProviderFiles,
    IReadOnlyList<ProvinceRecord> Provinces,
    IReadOnlyList<MunicipalityRecord> Municipalities,
    Vocabularies Vocabularies)
{
    public IEnumerable<SchemeDocument> Schemes => ProviderFiles.SelectMany(f => f.Content.Schemes);

    public static CatalogueData Load(string dataPath)
    {
        var providerFiles = Directory.GetFiles(Path.Combine(dataPath, "providers"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), Read<ProviderFile>(f)))
            .ToList();
        return new CatalogueData(
            providerFiles,
            Read<List<ProvinceRecord>>(Path.Combine(dataPath, "areas", "provinces.json")),
            Read<List<MunicipalityRecord>>(Path.Combine(dataPath, "areas", "municipalities.json")),
            Catalogue.Vocabularies.Load(dataPath));
    }

    // Only the providers, for commands that need their ids but not the whole catalogue.
    public static IReadOnlyList<ProviderDocument> LoadProviders(string dataPath) =>
        Directory.GetFiles(Path.Combine(dataPath, "providers"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => Read<ProviderFile>(f).Provider)
            .ToList();

    internal static T Read<T>(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, CatalogueJson.Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid catalogue data: {ex.Message}", ex);
        }
    }
}
