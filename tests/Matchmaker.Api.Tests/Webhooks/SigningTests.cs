using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Webhooks;

namespace Matchmaker.Api.Tests.Webhooks;

public sealed class SigningTests
{
    private static readonly CatalogueData Data = CatalogueData.Load(TestPaths.RealData);

    // The example of the Standard Webhooks specification.
    [Fact]
    public void Sign_GivesTheSpecificationsExampleSignature() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));

    [Fact]
    public void Header_WithTwoSecrets_HasBothSignatures_NewestFirst()
    {
        var header = WebhookSigner.Header(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_" + Convert.ToBase64String(new byte[32])], "msg_1", 1614265330, "{}");

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{}"), parts[0]);
        Assert.All(parts, p => Assert.StartsWith("v1,", p));
    }

    [Fact]
    public void NewSecret_IsWhsecAndBase64Of32RandomBytes()
    {
        var a = WebhookSigner.NewSecret();
        var b = WebhookSigner.NewSecret();

        Assert.NotEqual(a, b);
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
    }

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(1, 1.0, 60)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.5, 180)]
    [InlineData(7, 1.0, 3840)]
    [InlineData(20, 1.0, 21600)]
    public void Backoff_DoublesWithJitter_UpToTheMaximum(int failed, double random, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookDeliverer.Backoff(failed, TimeSpan.FromSeconds(60), TimeSpan.FromHours(6), random));

    [Fact]
    public void EventTypesAndDeliveryStatesInCode_AreTheVocabularys()
    {
        Assert.Equal(Data.Vocabularies.WebhookEvents.Select(t => t.Code), WebhookEvents.All);
        Assert.Equal(Data.Vocabularies.DeliveryStates.Select(t => t.Code), DeliveryStates.All);
        Assert.All(Data.Vocabularies.WebhookEvents, t => Assert.False(string.IsNullOrEmpty(t.Description?.En)));
    }
}
