using System.Text;
using Matchmaker.Api.Tests.Webhooks;

namespace Matchmaker.Api.Tests.Referrals;

// A referral for a saved profile: the organisation's own profile brings the firm's name and facts; nobody else's can.
public sealed class ReferralProfileTests : IDisposable
{
    private const string Provider = "gemeente-test";
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ReferralForASavedProfile_CarriesItsFacts_AndOnlyItsOwnOrganisationMayUseIt()
    {
        // Arrange
        var admin = await _api.ClientWithKeyAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/providers/{Provider}/referral-settings", Json("""{ "accepts": true }"""))).StatusCode);
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var other = await _api.ClientWithKeyAsync("adviser", organisation: "rom-elders");
        var profileId = await CaseloadSetup.SaveProfileAsync(adviser);

        // Act
        var sent = await adviser.PostAsync("/v1/referrals", Json(Body($"\"profileId\": \"{profileId}\"")));
        var foreign = await other.PostAsync("/v1/referrals", Json(Body($"\"profileId\": \"{profileId}\"")));
        var both = await adviser.PostAsync("/v1/referrals", Json(Body($"\"profileId\": \"{profileId}\", \"kvkNumber\": \"12345678\"")));

        // Assert
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.JsonAsync()).GetProperty("id").GetString()!;
        var received = await (await (await _api.ClientWithKeyAsync("publisher", Provider)).GetAsync($"/v1/referrals/{id}")).JsonAsync();
        Assert.Equal("Koffiebranderij De Boon", received.GetProperty("companyName").GetString());
        Assert.Equal("GM0772", received.GetProperty("company").GetProperty("municipalityCode").GetString());
        await foreign.ProblemAsync(HttpStatusCode.NotFound);
        var problem = await both.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("invalidParams").EnumerateArray(), p => p.GetProperty("name").GetString() == "profileId");
    }

    private static string Body(string firm) =>
        "{ \"schemeId\": \"t-eindhoven-energy\", " + firm + ", \"contact\": { \"name\": \"Jan Jansen\", \"email\": \"jan@de-boon.example\" }, "
        + "\"consent\": true, \"message\": \"Wij zoeken steun voor een koffiebrander.\" }";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
