using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Insights;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Data;

// The rules of provenance (DESIGN.md "Provenance of a record"), status and the one source for code lists.
public sealed class ProvenanceAndVocabularyTests
{
    private static readonly CatalogueData Data = CatalogueData.Load(TestPaths.RealData);
    private static readonly string[] GovernmentKinds = ["province", "municipality", "national-agency", "eu-body"];

    private static string Registrable(string host) => string.Join('.', host.TrimEnd('.').Split('.').TakeLast(2));

    private static HashSet<string> OfficialHosts()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RealData, "official-hosts.json")));
        var hosts = file.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToHashSet(StringComparer.Ordinal);
        // A government body's own site is an official source for any record, not only for its own schemes.
        hosts.UnionWith(Data.ProviderFiles.Select(f => f.Content.Provider)
            .Where(p => GovernmentKinds.Contains(p.Kind)).Select(p => Registrable(new Uri(p.Website).Host)));
        return hosts;
    }

    [Fact]
    public void EverySourceUrl_IsAnOfficialPage_AndNoUrlCarriesTrackingOrStagingHosts()
    {
        var official = OfficialHosts();
        var problems = new List<string>();
        foreach (var (file, content) in Data.ProviderFiles)
        {
            var own = Registrable(new Uri(content.Provider.Website).Host);
            foreach (var s in content.Schemes)
            {
                foreach (var (field, value) in new[] { ("url", s.Url), ("sourceUrl", s.SourceUrl) })
                {
                    var uri = new Uri(value);
                    if (uri.Host.EndsWith('.'))
                    {
                        problems.Add($"{s.Id}: {field} host ends with a dot");
                    }

                    if (uri.Query.Contains("utm_", StringComparison.OrdinalIgnoreCase) || uri.Query.Contains("gclid", StringComparison.OrdinalIgnoreCase)
                        || uri.Query.Contains("fbclid", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{s.Id}: {field} carries tracking parameters");
                    }

                    if (uri.Host.StartsWith("acceptatie.", StringComparison.Ordinal) || uri.Host.StartsWith("staging.", StringComparison.Ordinal))
                    {
                        problems.Add($"{s.Id}: {field} is a staging server");
                    }
                }

                var host = new Uri(s.SourceUrl).Host;
                var bare = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
                if (Registrable(bare) != own && !official.Any(o => bare == o || bare.EndsWith("." + o, StringComparison.Ordinal)))
                {
                    problems.Add($"{file} {s.Id}: sourceUrl {host} is neither the provider's site nor an official host (data/official-hosts.json)");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryScheme_ServesAtLeastOnePurpose()
    {
        var missing = Data.Schemes.Where(s => s.Purposes is not { Count: > 0 }).Select(s => s.Id).ToList();
        Assert.True(missing.Count == 0, "No purposes: " + string.Join(", ", missing));
    }

    [Fact]
    public void BudgetedInstruments_ListTheirWindows_SoTheyAreNeverOpenByDefault()
    {
        var budgeted = Data.Vocabularies.Instruments.Where(i => i.WindowsRequired == true).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var missing = Data.Schemes.Where(s => s.Ended != true && budgeted.Contains(s.Instrument) && s.ApplicationWindows is not { Count: > 0 })
            .Select(s => s.Id).ToList();
        Assert.True(missing.Count == 0, "Budgeted schemes without windows: " + string.Join(", ", missing));
    }

    [Fact]
    public void SourceDatesAndVerificationDates_AreNotInTheFuture_AndNotAllTheSameDay()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.DoesNotContain(Data.Schemes, s => s.SourceDate > today || s.LastVerifiedOn > today);
        Assert.True(Data.Schemes.Select(s => s.LastVerifiedOn).Distinct().Count() > 1, "lastVerifiedOn is one batch stamp for every record.");
    }

    [Fact]
    public void FactRules_NameKnownFacts_WithTheRightKindOfAnswer()
    {
        var facts = Data.Vocabularies.Facts.ToDictionary(f => f.Code, f => f.Type, StringComparer.Ordinal);
        var problems = Data.Schemes.SelectMany(s => (s.Eligibility?.Facts ?? []).Select(r => (s.Id, Rule: r)))
            .Where(x => !facts.TryGetValue(x.Rule.Fact, out var type)
                        || (type == "boolean") != (x.Rule.MustBe is not null)
                        || (x.Rule.MustBe is not null && (x.Rule.Min is not null || x.Rule.Max is not null)))
            .Select(x => $"{x.Id}: {x.Rule.Fact}").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // data/catalogue.schema.json keeps one $defs enum per code list; they must be the vocabulary's codes, in order.
    // The schema's code-list enums are generated from vocabularies.json: UPDATE_GENERATED=1 dotnet test writes them (with
    // the OpenAPI document), so a new code is added in the vocabulary only. Read without loading the catalogue, which
    // is validated against the very enums this writes.
    [Fact]
    public void CatalogueSchemaEnums_AreTheVocabulariesCodes()
    {
        var path = Path.Combine(TestPaths.RealData, "catalogue.schema.json");
        var schema = JsonNode.Parse(File.ReadAllText(path))!;
        var lists = Matchmaker.Api.Catalogue.Vocabularies.Load(TestPaths.RealData).Lists;
        if (TestPaths.UpdateGenerated)
        {
            foreach (var (name, terms) in lists)
            {
                var def = schema["$defs"]![Def(name)] ??= new JsonObject
                {
                    ["description"] = $"A code from the '{Camel(name)}' list in vocabularies.json (GET /v1/vocabularies/{name}).",
                };
                def["enum"] = new JsonArray(terms.Select(t => (JsonNode)JsonValue.Create(t.Code)).ToArray());
            }

            File.WriteAllText(path, schema.ToJsonString(TestPaths.WrittenJson) + "\n");
        }

        foreach (var (name, terms) in lists)
        {
            var codes = schema["$defs"]![Def(name)]?["enum"]?.AsArray().Select(c => c!.GetValue<string>()) ?? [];
            Assert.True(terms.Select(t => t.Code).SequenceEqual(codes),
                $"The enum of $defs/{Def(name)} in data/catalogue.schema.json is not the '{name}' list; run UPDATE_GENERATED=1 dotnet test.");
        }
    }

    private static string Camel(string list) => string.Concat(list.Split('-').Select((w, i) => i == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Def(string list) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["themes"] = "theme", ["phases"] = "phase", ["instruments"] = "instrument", ["levels"] = "level", ["legal-forms"] = "legalForm",
        ["size-classes"] = "sizeClass", ["purposes"] = "purpose", ["statuses"] = "status", ["facts"] = "fact", ["criteria"] = "criterion",
        ["criterion-outcomes"] = "criterionOutcome", ["eligibilities"] = "eligibilityResult", ["profile-sources"] = "profileSource", ["window-modes"] = "windowMode",
        ["budget-statuses"] = "budgetStatus", ["provider-kinds"] = "providerKind", ["sbi-sections"] = "sbiSection",
        ["channels"] = "channel", ["company-age-bands"] = "companyAgeBand", ["insight-groupings"] = "insightGrouping",
        ["referral-statuses"] = "referralStatus", ["referral-outcomes"] = "referralOutcome", ["referral-channels"] = "referralChannel",
        ["referral-sides"] = "referralSide", ["referral-notification-types"] = "referralNotificationType",
        ["webhook-events"] = "webhookEvent", ["delivery-states"] = "deliveryState",
    }[list];

    // The criteria table: every kind the evaluator checks is one criterion of the vocabulary, and every criterion a
    // company field settles has the question to ask for it.
    [Fact]
    public void CriteriaTable_EveryKindIsACriterionOfTheVocabulary_AndEveryFieldHasAQuestion()
    {
        var criteria = Data.Vocabularies.Criteria;

        Assert.Equal(criteria.Select(c => c.Code).Order(StringComparer.Ordinal),
            Enum.GetValues<CriterionKind>().Select(Criteria.Code).Order(StringComparer.Ordinal));
        Assert.All(criteria.Where(c => c.Field is not null), c =>
        {
            Assert.StartsWith("company.", c.Field);
            // A criterion a fact settles (collaboration) asks the fact's question.
            var question = c.Field!.StartsWith(QuestionTexts.FactPrefix, StringComparison.Ordinal)
                ? Data.Vocabularies.Facts.Single(f => f.Code == c.Field[QuestionTexts.FactPrefix.Length..]).Question
                : c.Question;
            Assert.False(string.IsNullOrWhiteSpace(question?.Nl));
            Assert.False(string.IsNullOrWhiteSpace(question?.En));
        });
    }

    [Fact]
    public void StatusCodesInCode_AreTheVocabularysStatuses() =>
        Assert.Equal(
            Data.Vocabularies.Statuses.Select(s => s.Code),
            [SchemeStatus.Open, SchemeStatus.Upcoming, SchemeStatus.Expected, SchemeStatus.Closed, SchemeStatus.Ended]);

    // Every code the service's own code compares with or writes is the vocabulary's: whole lists in order, single codes
    // as members of their list.
    [Fact]
    public void CodeConstantsInCode_AreTheVocabularysCodes()
    {
        static string[] Codes(IReadOnlyList<VocabularyTerm> terms) => terms.Select(t => t.Code).ToArray();
        var v = Data.Vocabularies;

        Assert.Equal(Codes(v.Levels), SchemeLevels.All);
        Assert.Equal(Codes(v.SizeClasses), SizeClasses.All);
        Assert.Equal(Codes(v.InsightGroupings), InsightGroupings.All);
        Assert.Contains(SchemeStatus.ContinuousMode, Codes(v.WindowModes));
        Assert.Contains(SchemeStatus.ExhaustedBudget, Codes(v.BudgetStatuses));
        Assert.Equal(Codes(v.Eligibilities), new[] { Eligibility.Eligible, Eligibility.Maybe, Eligibility.Ineligible });
        Assert.Equal(Codes(v.CriterionOutcomes), new[] { Outcome.Met, Outcome.Unmet, Outcome.Unknown });
        Assert.Equal(Codes(v.ProfileSources), new[] { ProfileResolver.FromInput, ProfileResolver.FromKvk, ProfileResolver.FromPdok, ProfileResolver.Derived });
        Assert.Subset(Codes(v.LegalForms).ToHashSet(), DemandSimulator.LegalForms.Select(f => f.Code).ToHashSet());
        Assert.Subset(Codes(v.Instruments).ToHashSet(), DemandSimulator.Instruments.ToHashSet());
    }

    [Fact]
    public void Purposes_AreThirtyToFortyFive_WithLabelsDescriptionsAndWordsInBothLanguages()
    {
        var purposes = Data.Vocabularies.Purposes;
        Assert.InRange(purposes.Count, 30, 45);
        Assert.All(purposes, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.Label.En));
            Assert.False(string.IsNullOrEmpty(p.Description?.En));
            Assert.NotEmpty(p.Words?.Nl ?? []);
            Assert.NotEmpty(p.Words?.En ?? []);
            Assert.NotEmpty(p.Instruments ?? []);
        });
    }

    // A purpose a firm has by its trade names SBI sections of the list, or no firm would ever get it.
    [Fact]
    public void PurposesByTrade_NameKnownSbiSections()
    {
        var sections = Data.Vocabularies.SbiSections.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var named = Data.Vocabularies.Purposes.SelectMany(p => p.SbiSections ?? []).ToList();

        Assert.NotEmpty(named);
        Assert.All(named, s => Assert.Contains(s, sections));
    }
}
