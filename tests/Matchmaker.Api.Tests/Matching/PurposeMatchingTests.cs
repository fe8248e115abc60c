using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

// How a question is read (purposes by phrase, compound, typo and in English), what the need implies for instruments,
// the order of statuses, regional equivalents and the questions that settle eligibility.
public sealed class PurposeMatchingTests
{
    private static readonly MatchCompany Arnhem = new(Employees: 9, MunicipalityCode: "GM0202");

    private static List<string> Purposes(string question) =>
        NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value).Purposes.Select(p => p.Code).ToList();

    [Theory]
    [InlineData("we need money for a trade fair", "visit-trade-fair-or-mission")]
    [InlineData("ik wil het bedrijf van mijn vader overnemen", "take-over-business")]
    [InlineData("financiering voor een bedrijfsovername", "take-over-business")]
    [InlineData("klanten betalen te laat en we komen geld tekort", "bridge-cash-shortage")]
    [InlineData("geld voor een nieuwe machine", "buy-equipment")]
    [InlineData("we willen een warmtepmop", "save-energy")]
    [InlineData("we willen led verlichting in de winkel", "save-energy")]
    [InlineData("dakisolatie voor ons pand", "save-energy")]
    [InlineData("zonnepanelen op ons dak", "generate-renewable-energy")]
    [InlineData("we want to train our staff", "train-staff")]
    [InlineData("we willen onze installaties in Vietnam verkopen", "export-to-new-market")]
    [InlineData("our first customers in Germany", "export-to-new-market")]
    [InlineData("een deel van onze operators moet worden omgeschoold", "train-staff")]
    [InlineData("we willen van het gas af in de fabriek", "reduce-emissions")]
    [InlineData("een reis naar Vietnam waarbij de minister bedrijven meeneemt", "visit-trade-fair-or-mission")]
    [InlineData("a short supply chain with tastings for tourists", "collaborate-with-partners")]
    [InlineData("a short supply chain with tastings for tourists", "tourism-culture-creative")]
    [InlineData("ons pakhuis staat in het register van het Rijk", "restore-heritage-building")]
    [InlineData("de gemeente heeft het pand aangewezen als beschermd", "restore-heritage-building")]
    [InlineData("ik wil de Poolse markt op", "export-to-new-market")]
    [InlineData("I chair the business association on our estate", "collaborate-with-partners")]
    [InlineData("we want to run a trial on our own road jobs", "build-prototype")]
    [InlineData("wij willen op onze camping een belevingspad voor gezinnen aanleggen", "tourism-culture-creative")]
    [InlineData("een fietsroute langs de boerderijen met een proeverij aan het eind", "tourism-culture-creative")]
    [InlineData("we run a holiday park and want a new day attraction", "tourism-culture-creative")]
    [InlineData("onze monteurs moeten vertrouwd raken met waterstofinstallaties", "train-staff")]
    [InlineData("we zetten met drie bakkerijen een leertraject op voor nieuwe bakkers", "train-staff")]
    [InlineData("our welders need to become familiar with the new standard", "train-staff")]
    [InlineData("we zoeken een business angel die met ons wil meegroeien", "raise-growth-capital")]
    [InlineData("volgend jaar willen we een financieringsronde doen", "raise-growth-capital")]
    [InlineData("het bedrijf zoekt een nieuwe aandeelhouder", "raise-growth-capital")]
    [InlineData("we want to raise capital from an angel investor", "raise-growth-capital")]
    [InlineData("our seed round closes in spring", "raise-growth-capital")]
    [InlineData("we willen laten uitzoeken of een warmtepomp bij ons proces past", "feasibility-study")]
    [InlineData("is het technisch wel haalbaar om onze ovens elektrisch te maken?", "feasibility-study")]
    [InlineData("is it technically feasible to electrify our dryers?", "feasibility-study")]
    [InlineData("we want an engineering study before we invest", "feasibility-study")]
    [InlineData("help paying a consultant for our idea", "get-business-advice")]
    [InlineData("we want a bureau to work out whether a shared battery can work technically", "feasibility-study")]
    [InlineData("oude kozijnen krijgen bij ons een tweede leven in plaats van in de container", "circular-production")]
    [InlineData("we refurbish used office chairs so they are not thrown away", "circular-production")]
    [InlineData("samen met een sloopbedrijf en een timmerfabriek willen we een keten opzetten", "collaborate-with-partners")]
    [InlineData("ik heb net mijn koksopleiding afgerond en wil een eigen restaurant beginnen", "start-business")]
    [InlineData("after my training as a baker I want to open my own bakery", "start-business")]
    [InlineData("grant to develop our new fall-detection app", "research-and-development")]
    [InlineData("the tax assessment is too high, we cannot pay it in one go", "bridge-cash-shortage")]
    [InlineData("zijn er partijen die in zulke jonge bedrijven instappen?", "raise-growth-capital")]
    [InlineData("we willen ons personeel verder ontwikkelen", "train-staff")]
    [InlineData("we want to develop our staff skills", "train-staff")]
    [InlineData("a fund that would take a stake in our firm", "raise-growth-capital")]
    [InlineData("kunnen we de aanslag in termijnen betalen?", "bridge-cash-shortage")]
    [InlineData("we ontwikkelen een nieuwe app voor de thuiszorg", "research-and-development")]
    [InlineData("ik wil de bakkerij van de vorige eigenaar overnemen", "take-over-business")]
    [InlineData("hoe kom ik aan geld voor mijn startup", "start-business")]
    [InlineData("mijn webshop is gehackt", "cybersecurity")]
    [InlineData("our accounts were hacked through a phishing mail", "cybersecurity")]
    [InlineData("we willen twee koks in dienst nemen", "hire-staff")]
    [InlineData("we want to hire a cook for our restaurant", "hire-staff")]
    [InlineData("we willen iemand met een afstand tot de arbeidsmarkt een kans geven", "hire-people-with-disabilities")]
    [InlineData("onze klanten betalen niet op tijd", "bridge-cash-shortage")]
    [InlineData("we kunnen de huur niet betalen", "business-in-financial-trouble")]
    [InlineData("we are behind on payments to our suppliers", "business-in-financial-trouble")]
    [InlineData("we zoeken een loopbaanadviseur voor onze oudere medewerkers", "staff-employability")]
    [InlineData("our older workers can no longer do the heavy work", "staff-employability")]
    [InlineData("werkplekken voor jongeren met een beperking", "hire-people-with-disabilities")]
    [InlineData("de winkel is een dorpscoöperatie, opgericht voor de leefbaarheid", "social-enterprise")]
    public void Recognise_PhrasesCompoundsTyposAndEnglish(string question, string purpose) =>
        Assert.Contains(purpose, Purposes(question));

    // "rondleiding" is in no record, and its parts "rond" and "leiding" met the texts of a European R&D programme.
    [Fact]
    public void Analyze_APurposeWordNoRecordUses_IsNotSplitIntoParts()
    {
        var need = NeedQuery.Analyze(
            new MatchNeed(Description: "we willen voor onze gasten een rondleiding over de polder maken"), TestCatalogue.RealSnapshot.Value);

        Assert.Contains("tourism-culture-creative", need.Purposes.Select(p => p.Code));
        Assert.DoesNotContain(need.Concepts, c => c.Alternatives.Any(a => a.Stems.Any(t => t is "rond" or "leiding")));
    }

    // A long question names its programme once ("the outline goes to ITEA"): that word, in the title of one scheme
    // only, brings it up past schemes that share more of the question's ordinary words.
    [Fact]
    public void Rank_ASchemeTheFirmNamesAsWritten_ComesFirst()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("itea", title: "Eureka ITEA4 subsidie", summary: "Internationale projecten in software."),
            TestCatalogue.Scheme("software", title: "Softwareregeling", summary: "Software ontwikkelen voor fabrikanten."),
            TestCatalogue.Scheme("digital", title: "Digitale projecten", summary: "Software en digitale projecten."));
        const string question = "Wij ontwikkelen software voor fabrikanten en doen mee aan een project met partners; de projectschets gaat naar ITEA. Is er geld voor onze ontwikkeling?";

        var named = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: question)).Matches;
        // Written in lower case the word is ordinary language: it counts as much as its rarity, no more.
        var plain = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: question.Replace("ITEA", "itea", StringComparison.Ordinal))).Matches;

        Assert.Equal("itea", named[0].Scheme.Id);
        Assert.True(named[0].ScoreBreakdown.Relevance >= ScoreWeights.Default.NamedScheme);
        Assert.True(plain.Single(m => m.Scheme.Id == "itea").ScoreBreakdown.Relevance < ScoreWeights.Default.NamedScheme);
    }

    // The firm writes where it is; its town's name in a scheme's title names no fund.
    [Fact]
    public void Rank_TheFirmsTownInATitle_IsNoNamedScheme()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("arnhem", title: "Arnhemse gevelsubsidie", summary: "Een nieuwe gevel voor de winkel."),
            TestCatalogue.Scheme("software", title: "Softwareregeling", summary: "Software ontwikkelen voor fabrikanten."));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "Wij ontwikkelen in Arnhem software voor fabrikanten, samen met partners in een project."));

        Assert.Equal("software", result.Matches[0].Scheme.Id);
    }

    // A founder's own schooling is her past, not a wish to train staff; the firm's staff's schooling is.
    [Theory]
    [InlineData("Ik heb net mijn opleiding tot kok afgerond en wil een eigen restaurant beginnen", false)]
    [InlineData("ik heb mijn koksopleiding afgerond en zoek een lening", false)]
    [InlineData("after my training as a baker I want to open my own bakery", false)]
    [InlineData("onze koks moeten een opleiding volgen", true)]
    [InlineData("mijn medewerkers moeten een opleiding volgen", true)]
    [InlineData("can I get my staff training paid for?", true)]
    public void Recognise_TheFoundersOwnSchooling_IsNoStaffTraining(string question, bool trainsStaff) =>
        Assert.Equal(trainsStaff, Purposes(question).Contains("train-staff"));

    // Where the partners of a consortium come from is no market the firm wants to enter.
    [Theory]
    [InlineData("we doen mee aan een onderzoeksconsortium met partners uit België en Finland", false)]
    [InlineData("a research project with partners from France and Italy", false)]
    [InlineData("we willen met partners uit Duitsland onze machines in Polen verkopen", true)]
    public void Recognise_WherePartnersComeFrom_IsNoExport(string question, bool exports) =>
        Assert.Equal(exports, Purposes(question).Contains("export-to-new-market"));

    // What the firm says it does not look for names no instrument: "not looking for a loan" made a loan the only fit.
    [Theory]
    [InlineData("We want to link our quoting and CNC software. We are not looking for a loan; is there a programme for this?")]
    [InlineData("We willen onze planning digitaliseren. We zoeken geen lening, wel advies of subsidie.")]
    [InlineData("We willen onze planning digitaliseren. We zoeken ook geen lening.")]
    [InlineData("We willen onze planning digitaliseren; een lening zoeken we niet.")]
    public void Analyze_WhatIsNotSought_IsNoInstrument(string question)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);

        Assert.DoesNotContain("loan", need.Instruments);
        Assert.DoesNotContain(need.Concepts, c => c.Label is "loan" or "lening");
    }

    // An instrument the firm refuses is not offered either where its purpose would call for it: solar panels and a new
    // machine call for loans too, but not after "een lening hebben we niet nodig". A word that names two instruments
    // ("investeerders": shareholders or lenders) refuses neither.
    [Theory]
    [InlineData("We willen zonnepanelen op ons dak. Een lening hebben we niet nodig, het geld hebben we zelf.", false)]
    [InlineData("We want to buy a new machine; we are not looking for a loan.", false)]
    [InlineData("We zoeken geen investeerders, we willen een nieuwe machine kopen.", true)]
    [InlineData("We willen zonnepanelen op ons dak.", true)]
    public void Analyze_AnInstrumentTheFirmRefuses_IsNotImpliedByItsPurposes(string question, bool loan)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);

        Assert.NotEmpty(need.Purposes);
        Assert.Equal(loan, need.Instruments.Contains("loan"));
    }

    // A word inside a purpose's phrase is read as that purpose: a bank that cancelled the credit is a firm in trouble,
    // not one asking for credit, so advice schemes fit; "won't solve it" and the words before it are no need.
    [Theory]
    [InlineData("De bank heeft ons krediet opgezegd. Onze accountant zegt dat extra lenen het probleem niet oplost; ik zoek iemand met ervaring die meekijkt.")]
    [InlineData("Our bank has withdrawn our credit line and is in the red; borrowing more won't solve it, we need someone to look over our plan.")]
    public void ACancelledCredit_IsTrouble_AndAsksForAdviceNotALoan(string question)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);

        Assert.Contains(need.Purposes, p => p.Code == "business-in-financial-trouble");
        Assert.Contains("advice", need.Instruments);
        Assert.DoesNotContain(need.Concepts, c => c.Label is "probleem" or "oplost" or "solve" or "lenen" or "borrowing");
        // The cancelled credit's word is no loan word matched against texts either.
        Assert.DoesNotContain(need.Concepts, c => c.Label is "krediet" or "credit");
    }

    // Doing the work "in one go" is no cash shortage; paying in one go may be.
    [Fact]
    public void DoingItAllInOneGo_IsNoCashShortage() =>
        Assert.DoesNotContain("bridge-cash-shortage", Purposes("We want to repair the roof and insulate the coach house in one go."));

    // "It" is a function word, so "it security" was the bare word "security", and collateral read as cybersecurity.
    [Fact]
    public void SecurityForALoan_IsNoCybersecurity() =>
        Assert.DoesNotContain("cybersecurity", Purposes("The bank says there isn't enough security for the whole loan."));

    // What follows a contrast after the not-sought phrase is wanted: "geen lening, wel advies" asks for advice.
    [Fact]
    public void Analyze_WhatFollowsAContrast_IsSought()
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: "We zoeken geen lening, wel advies."), TestCatalogue.RealSnapshot.Value);

        Assert.Contains(need.Concepts, c => c.Label == "advies");
        Assert.DoesNotContain(need.Concepts, c => c.Label == "lening");
    }

    // What is not sought may come before its phrase: "export doen we niet"; a clause before "en" is about something else.
    [Theory]
    [InlineData("We willen een nieuw bedrijfspand kopen, personeel vinden we nog wel, en export doen we niet.", false)]
    [InlineData("We willen een bedrijfspand kopen; aan export of personeel hoeven we niet te denken.", false)]
    [InlineData("We willen gaan exporteren naar Duitsland en een bedrijfspand kopen, een lening hebben we al.", true)]
    [InlineData("We willen een bedrijfspand kopen. Stoppen of het bedrijf verkopen doen we zeker niet, en export zoeken we ook niet.", false)]
    public void Recognise_WhatTheFirmSaysItDoesNotDo_BeforeThePhrase_IsNoPurpose(string question, bool exports)
    {
        var purposes = Purposes(question);
        Assert.Equal(exports, purposes.Contains("export-to-new-market"));
        Assert.Contains("buy-or-renovate-premises", purposes);
        Assert.DoesNotContain("sell-or-hand-over-business", purposes);
    }

    // The little words between the subject and a trailing phrase do not count towards the three.
    [Fact]
    public void Recognise_AdviceTheFirmSaysItHasNoNeedOf_IsNoPurpose() =>
        Assert.DoesNotContain("get-business-advice", Purposes("Aan advies over ons ondernemingsplan hebben we geen behoefte; we willen een nieuwe loods bouwen."));

    // A firm's pull on talent is no need for visitors.
    [Fact]
    public void Recognise_TalentAttraction_IsNoTourism() =>
        Assert.DoesNotContain("tourism-culture-creative", Purposes("we struggle with talent attraction and need a bigger office"));

    // An amount or a year in the question matched "25%" or "2026" in scheme texts, which says nothing about the fit.
    [Fact]
    public void Analyze_ABareNumber_IsNoConcept()
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: "een bijdrage van 25.000 euro in 2026 voor co2 meters"), TestCatalogue.RealSnapshot.Value);

        Assert.DoesNotContain(need.Concepts, c => c.Label.All(char.IsAsciiDigit));
        Assert.Contains(need.Concepts, c => c.Label == "co2");
    }

    // Filler carries no need, and the catalogue's formal texts seldom use it, so it weighed as a rare word and thinned
    // the relevance of long questions.
    [Fact]
    public void Analyze_FillerWords_AreNoConcepts()
    {
        var need = NeedQuery.Analyze(
            new MatchNeed(Description: "We hadden nu eigenlijk alleen geld nodig, waarmee we verder kunnen. We really just need a loan, thanks"),
            TestCatalogue.RealSnapshot.Value);

        Assert.DoesNotContain(need.Concepts, c => c.Label is "hadden" or "nu" or "alleen" or "nodig" or "waarmee" or "really" or "just" or "thanks");
        Assert.Contains(need.Concepts, c => c.Label == "geld");
    }

    // How many people the firm has describes it; it is no need for staff, unless the firm says it wants more.
    [Theory]
    [InlineData("Wij zijn een metaalbedrijf met 12 vaste medewerkers en willen een nieuwe lasrobot kopen", false)]
    [InlineData("We are a food manufacturer with 320 employees and our R&D team is developing a new process", false)]
    [InlineData("een bouwbedrijf van twintig man zoekt geld voor zonnepanelen", false)]
    [InlineData("we employ 40 people and want to export to Germany", false)]
    [InlineData("we willen met 3 mensen uitbreiden en zoeken hulp bij het werven", true)]
    [InlineData("we need two more employees next year", true)]
    public void Analyze_TheFirmsHeadcount_IsNoNeedForStaff(string question, bool staffIsANeed)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);
        string[] staff = ["medewerkers", "employees", "man", "people", "mensen"];

        Assert.Equal(staffIsANeed, need.Concepts.Any(c => staff.Contains(c.Label)));
    }

    // "wandelingen" is one letter from "aandelen", shares: no reading of raising capital.
    [Fact]
    public void Recognise_ARealWordOneLetterFromAPhrase_IsNoTypoOfIt() =>
        Assert.DoesNotContain("raise-growth-capital", Purposes("een programma van begeleide wandelingen voor 65-plussers"));

    [Theory]
    [InlineData("ons restaurant heeft schulden")]
    [InlineData("welke aftrekposten kan ik gebruiken")]
    [InlineData("Our restaurant in Den Helder is sinking into debt")]
    public void Recognise_AWordTheCatalogueUses_IsNotReadAsATypoOfAnother(string question)
    {
        Assert.DoesNotContain("restore-heritage-building", Purposes(question));
        Assert.DoesNotContain("circular-production", Purposes(question));
    }

    // A phrase is read only where its words stand together: "bedrijf ... mijn vader" in two sentences is no takeover.
    [Fact]
    public void Recognise_APhrase_OnlyFromWordsThatStandTogether()
    {
        Assert.Contains("take-over-business", Purposes("ik wil het bedrijf van mijn vader overnemen"));
        Assert.DoesNotContain("take-over-business",
            Purposes("Mijn vader had een autogarage en is overleden. Wij als erfgenamen sluiten het bedrijf."));
        Assert.Contains("sell-or-hand-over-business",
            Purposes("Mijn vader had een autogarage en is overleden. Wij als erfgenamen sluiten het bedrijf."));
        Assert.Contains("buy-equipment", Purposes("geld voor een nieuwe cnc machine"));
    }

    // What staff learn to work with is the subject of a course, not a purchase.
    [Theory]
    [InlineData("Twee timmermannen moeten leren werken met onze nieuwe CNC-machine; kunnen we de training vergoed krijgen?", false)]
    [InlineData("Our operators must learn to use the new machine and we look for a course grant", false)]
    [InlineData("We want to buy a new CNC machine and then learn to use it", true)]
    public void Recognise_WhatStaffLearnToWorkWith_IsNoPurchase(string question, bool buysEquipment)
    {
        var purposes = Purposes(question);

        Assert.Equal(buysEquipment, purposes.Contains("buy-equipment"));
        Assert.True(buysEquipment || purposes.Contains("train-staff"));
    }

    // What a firm says it makes is its trade, not its need; a plan with an article after the same verb is a need.
    [Theory]
    [InlineData("Wij bouwen machines voor de voedselverwerking en willen naar een beurs", false)]
    [InlineData("We build machines and want to show them at a trade fair", false)]
    [InlineData("Wij zijn een bedrijf dat machines bouwt en zoeken een handelsmissie", false)]
    [InlineData("We bouwen machines en willen een nieuwe machine kopen", true)]
    [InlineData("Wij kopen machines en zoeken financiering", true)]
    [InlineData("Wij hebben een nieuwe machine voor de mosselkweek ontwikkeld en zoeken risicokapitaal", false)]
    [InlineData("We have developed a new machine for mussel farming and look for risk capital", false)]
    [InlineData("We hebben geld nodig voor een nieuwe machine", true)]
    [InlineData("Wij zijn fabrikant van machines voor de voedselindustrie en willen naar een beurs", false)]
    [InlineData("We are a family-owned maker of packaging machines looking for a trade mission", false)]
    public void Recognise_TheFirmsOwnTrade_IsNoPurpose(string question, bool buysEquipment)
        => Assert.Equal(buysEquipment, Purposes(question).Contains("buy-equipment"));

    [Fact]
    public void TheRoleSomeoneWorksIn_IsNoPurpose()
    {
        Assert.DoesNotContain("get-business-advice", Purposes("Ik ben dit jaar gestart als zelfstandig communicatieadviseur"));
        Assert.DoesNotContain("get-business-advice", Purposes("I work as a freelance adviser"));
        Assert.Contains("get-business-advice", Purposes("I work as a freelance designer and would like coaching"));
    }

    [Theory]
    [InlineData("We have started a business last year and need a loan for a van", false)]
    [InlineData("Ik ben vorig jaar gestart als zzp'er en zoek een lening", false)]
    [InlineData("The permit is granted and no work has started yet; where can we borrow for the renovation?", false)]
    [InlineData("Het project is nog niet begonnen, kunnen we subsidie krijgen voor de verbouwing?", false)]
    [InlineData("We zijn vorig jaar gestart en zoeken een lening voor een bus", false)]
    [InlineData("Ik ben starter en zoek een lening", true)]
    [InlineData("We want to start a business and need starting capital", true)]
    [InlineData("I'd like help to start selling online", false)]
    [InlineData("We willen starten met exporteren naar Duitsland", false)]
    public void SomethingThatHasBegunOrStartingSomethingElse_IsNoWishToStartABusiness(string question, bool startsABusiness)
        => Assert.Equal(startsABusiness, Purposes(question).Contains("start-business"));

    [Fact]
    public void TheWordsAroundATrade_AreStillRead()
    {
        Assert.Contains("visit-trade-fair-or-mission", Purposes("Wij bouwen machines voor de voedselverwerking en willen naar een beurs"));
        Assert.Contains("buy-or-renovate-premises", Purposes("We bouwen volgend jaar een nieuw bedrijfspand"));
    }

    [Fact]
    public void BuyingAMachine_PrefersTaxBenefitsAndLoans_OverVentureCapital()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-venture", instrument: "equity", purposes: ["buy-equipment", "raise-growth-capital"]),
            TestCatalogue.Scheme("b-allowance", instrument: "tax-benefit", purposes: ["buy-equipment"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "geld voor een nieuwe machine"));

        Assert.Equal(["b-allowance", "a-venture"], result.Matches.Select(m => m.Scheme.Id));
        Assert.Equal(ScoreWeights.Default.OtherInstrument, result.Matches[1].ScoreBreakdown.Instrument);
    }

    [Fact]
    public void NamingALevel_PrefersSchemesOfThatLevel()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-national", purposes: ["feasibility-study"]),
            TestCatalogue.Scheme("b-provincial", level: "provincial", areas: ["PV25"], purposes: ["feasibility-study"]));

        var result = TestCatalogue.Rank(snapshot, new MatchCompany(Employees: 9), new MatchNeed(Description: "is er een provinciale subsidie voor een haalbaarheidsstudie"));

        Assert.Equal("b-provincial", result.Matches[0].Scheme.Id);
    }

    // An investor may take shares or lend: a firm that asks for one is offered both, not loans alone.
    [Theory]
    [InlineData("we zoeken risicokapitaal van investeerders")]
    [InlineData("we zoeken een investeerder voor onze groei")]
    [InlineData("looking for investors for our start-up")]
    public void AskingForInvestors_MakesEquityFit(string question)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.Snapshot());

        Assert.Contains("equity", need.Instruments);
    }

    // A firm's trade says what its question is for as well: a farm that asks about a new machine gets the farm
    // investment scheme before a general one; a metal firm asking the same sees them as equal. Only the score changes:
    // what was recognised (and counted in the insights) is what the firm asked.
    [Fact]
    public void AFarmsQuestion_AlsoCountsModernisingAFarm_ForTheScoreOnly()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-machines", purposes: ["buy-equipment"]),
            TestCatalogue.Scheme("b-farm-machines", purposes: ["buy-equipment", "modernise-farm"]));
        var need = new MatchNeed(Description: "we willen een nieuwe machine kopen");
        double Score(RankResult result, string id) => result.Matches.Single(m => m.Scheme.Id == id).Score;

        var farm = TestCatalogue.Rank(snapshot, Arnhem with { SbiCodes = ["0111"] }, need);
        var metal = TestCatalogue.Rank(snapshot, Arnhem with { SbiCodes = ["2562"] }, need);

        Assert.Equal("b-farm-machines", farm.Matches[0].Scheme.Id);
        Assert.True(Score(farm, "b-farm-machines") > Score(farm, "a-machines"));
        Assert.Equal(Score(metal, "a-machines"), Score(metal, "b-farm-machines"));
        Assert.DoesNotContain(farm.Need.Purposes, p => p.Code == "modernise-farm");
    }

    // A farm's question that names no purpose is not read as one by its trade alone.
    [Fact]
    public void AFarmsQuestionWithoutAPurpose_GetsNoneFromItsTrade()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-plain", purposes: ["hire-staff"]),
            TestCatalogue.Scheme("b-farm", purposes: ["modernise-farm"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem with { SbiCodes = ["0111"] }, new MatchNeed());

        Assert.Equal(2, result.Matches.Count);
        Assert.All(result.Matches, m => Assert.Null(m.ScoreBreakdown.Purpose));
    }

    // Co-funding a project is public money beside one's own, a subsidy; "our share" of a project is no offer of shares.
    [Theory]
    [InlineData("Our share of the project is 900k; can we get Dutch co-funding for it?")]
    [InlineData("Wij zoeken cofinanciering voor ons deel van het Europese project")]
    public void CoFundingForOurShare_CallsForASubsidy_NotEquity(string question)
    {
        var need = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);

        Assert.Contains("subsidy", need.Instruments);
        Assert.DoesNotContain("equity", need.Instruments);
    }

    // A loose money word never narrows what the need calls for, but beside a named instrument it widens it.
    [Fact]
    public void ALooseMoneyWord_WidensANamedInstrument_AndNarrowsNothing()
    {
        var coach = NeedQuery.Analyze(new MatchNeed(Description: "een collega gaat hem begeleiden, krijgen we daar een vergoeding voor"), TestCatalogue.RealSnapshot.Value);
        Assert.Contains("advice", coach.Instruments);
        Assert.Contains("subsidy", coach.Instruments);

        foreach (var question in new[] { "kunnen we een deel van dat advies vergoed krijgen?", "can our association get part of that advice paid?" })
        {
            var advice = NeedQuery.Analyze(new MatchNeed(Description: question), TestCatalogue.RealSnapshot.Value);
            Assert.Contains("advice", advice.Instruments);
            Assert.Contains("subsidy", advice.Instruments);
        }

        var machine = NeedQuery.Analyze(new MatchNeed(Description: "financiering voor een nieuwe machine"), TestCatalogue.RealSnapshot.Value);
        Assert.Contains("tax-benefit", machine.Instruments);
        Assert.Contains("loan", machine.Instruments);
    }

    // A purpose read for certain that no named instrument serves is asked for too; one the named instrument serves is not
    // widened by it.
    [Fact]
    public void APurposeTheNamedInstrumentDoesNotServe_AddsItsOwnInstruments()
    {
        var plan = NeedQuery.Analyze(new MatchNeed(Description: "wie helpt me mijn ondernemingsplan schrijven? daarna wil ik een kleine lening"), TestCatalogue.RealSnapshot.Value);
        Assert.Contains("loan", plan.Instruments);
        Assert.Contains("advice", plan.Instruments);

        var machine = NeedQuery.Analyze(new MatchNeed(Description: "een lening voor een nieuwe machine"), TestCatalogue.RealSnapshot.Value);
        Assert.Contains("loan", machine.Instruments);
        Assert.DoesNotContain("advice", machine.Instruments);
        Assert.DoesNotContain("equity", machine.Instruments);
    }

    // A compound only one record uses says little by itself, so its parts are matched too.
    // The question loses its stopwords before its words meet the lexicon, so a term with one ("bank zegt nee", "proof of
    // concept") could never match.
    [Fact]
    public void EveryConceptTerm_CanMatch_ItHasNoStopword()
    {
        var lexicon = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RealData, "lexicon.json")))!;
        var stopwords = lexicon["stopwords"]!.AsObject().SelectMany(l => l.Value!.AsArray().Select(w => w!.GetValue<string>())).ToHashSet(StringComparer.Ordinal);
        var terms = lexicon["concepts"]!.AsArray().SelectMany(c => c!["terms"]!.AsArray().Select(t => t!.GetValue<string>())).ToList();

        Assert.NotEmpty(terms);
        Assert.All(terms, t => Assert.DoesNotContain(TextAnalyzer.Words(t), stopwords.Contains));
    }

    // A sector's trade association has many names ("vakvereniging", "branche-organisatie"), and a joint programme is
    // working together: a scheme written in the other words still answers.
    [Fact]
    public void ATradeAssociationAndAJointProgramme_MatchTheirSynonyms()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-partnership", summary: "Subsidie voor een samenwerkingsverband van bedrijven met hun branche-organisatie."),
            TestCatalogue.Scheme("b-other", summary: "Subsidie voor een nieuwe machine."));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "onze vakvereniging wil een gezamenlijk programma trekken"));

        Assert.Equal("a-partnership", result.Matches[0].Scheme.Id);
        Assert.True(result.Matches[0].ScoreBreakdown.Relevance > 0);
    }

    [Fact]
    public void ARareCompound_AlsoMatchesItsParts()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-other", purposes: ["buy-equipment"], keywords: ["plattelandsprojecten", "projecten", "machines"]),
            TestCatalogue.Scheme("b-rural", purposes: ["collaborate-with-partners"], keywords: ["platteland", "leefbaarheid"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "subsidie voor plattelandsprojecten"));

        Assert.Contains("b-rural", result.Matches.Select(m => m.Scheme.Id));
    }

    [Fact]
    public void ForAnEqualFit_OpenBeatsUpcomingBeatsExpectedBeatsClosed()
    {
        ApplicationWindow[] Window(DateOnly? opens, DateOnly? closes) => [new("window", opens, closes)];
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-closed", windows: Window(new(2026, 1, 1), new(2026, 3, 1)), purposes: ["save-energy"]),
            TestCatalogue.Scheme("b-expected", windows: Window(null, null), purposes: ["save-energy"]),
            TestCatalogue.Scheme("c-upcoming", windows: Window(new(2027, 3, 1), new(2027, 5, 1)), purposes: ["save-energy"]),
            TestCatalogue.Scheme("d-open", windows: Window(new(2026, 1, 1), new(2026, 12, 31)), purposes: ["save-energy"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "energie besparen"));

        Assert.Equal(["d-open", "c-upcoming", "b-expected", "a-closed"], result.Matches.Select(m => m.Scheme.Id));
        Assert.Equal(["open", "upcoming", "expected", "closed"], result.Matches.Select(m => m.Status));
    }

    [Fact]
    public void NamingAnotherRegionsFund_GivesTheOwnRegionsEquivalent_AndSaysWhy()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("limburg-energy", level: "provincial", areas: ["PV31"], instrument: "loan", title: "Limburgs Energie Fonds",
                purposes: ["save-energy", "generate-renewable-energy"]),
            TestCatalogue.Scheme("gelderland-energy", level: "provincial", areas: ["PV25"], instrument: "loan", title: "Energiefonds",
                purposes: ["save-energy"]),
            TestCatalogue.Scheme("gelderland-other", level: "provincial", areas: ["PV25"], title: "Scholingsregeling", purposes: ["train-staff"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "een lening van het Limburgs Energie Fonds"), includeIneligible: true);

        Assert.Equal("gelderland-energy", result.Matches[0].Scheme.Id);
        Assert.DoesNotContain(result.Matches, m => m.Scheme.Id == "limburg-energy");
        Assert.Contains(result.Warnings, w => w.Contains("Limburgs Energie Fonds", StringComparison.Ordinal));
        var named = Assert.Single(result.Excluded!, m => m.Scheme.Id == "limburg-energy");
        Assert.Contains(named.Criteria, c => c.Criterion == "location" && c.Outcome == "unmet");
    }

    [Fact]
    public void ACommonNeedThatMatchesAnotherRegionsTitle_IsNoNamedFund()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("limburg-machine", level: "provincial", areas: ["PV31"], instrument: "loan", title: "Nieuwe machine",
                purposes: ["buy-equipment", "circular-production"]),
            TestCatalogue.Scheme("national-allowance", instrument: "tax-benefit", purposes: ["buy-equipment"]));

        var result = TestCatalogue.Rank(snapshot, Arnhem, new MatchNeed(Description: "geld voor een nieuwe machine"));

        Assert.Empty(result.Warnings);
        Assert.Equal(["buy-equipment"], result.Need.Purposes.Select(p => p.Code));
    }

    [Fact]
    public void Questions_NameTheFactsThatSettleTheTopResults_AndAnsweringThemDecides()
    {
        var rules = new SchemeEligibility(Facts: [new FactRule("paysProfitTax", MustBe: true), new FactRule("plannedInvestmentEur", Min: 2_901, Max: 392_230)]);
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("allowance", instrument: "tax-benefit", eligibility: rules, purposes: ["buy-equipment"]),
            TestCatalogue.Scheme("other", instrument: "tax-benefit", eligibility: new SchemeEligibility(Facts: [new FactRule("paysProfitTax", MustBe: true)]),
                purposes: ["buy-equipment"]));
        var need = new MatchNeed(Description: "een nieuwe machine kopen");

        var before = TestCatalogue.Rank(snapshot, Arnhem, need);
        var answered = Arnhem with
        {
            Facts = new Dictionary<string, JsonElement>
            {
                ["paysProfitTax"] = JsonSerializer.SerializeToElement(true),
                ["plannedInvestmentEur"] = JsonSerializer.SerializeToElement(500_000),
            },
        };
        var after = TestCatalogue.Rank(snapshot, answered, need, includeIneligible: true);

        Assert.Equal("company.facts.paysProfitTax", before.Questions[0].Field);
        Assert.Equal(2, before.Questions[0].WouldSettle);
        Assert.Contains(before.Questions, q => q.Field == "company.facts.plannedInvestmentEur" && q.WouldSettle == 1);
        Assert.All(before.Matches, m => Assert.Equal("maybe", m.Eligibility));
        Assert.Equal("eligible", Assert.Single(after.Matches).Eligibility);
        Assert.Equal("allowance", Assert.Single(after.Excluded!).Scheme.Id);
        Assert.Empty(after.Questions);
    }
}
