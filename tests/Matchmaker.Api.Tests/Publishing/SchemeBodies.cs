using System.Text;
using System.Text.Json.Nodes;

namespace Matchmaker.Api.Tests.Publishing;

public static class SchemeBodies
{
    public static JsonObject Valid(string id, string provider = "provincie-test", string title = "Nieuwe regeling", string[]? areas = null) => new()
    {
        ["id"] = id,
        ["title"] = new JsonObject { ["nl"] = title, ["en"] = "New scheme" },
        ["summary"] = new JsonObject { ["nl"] = "Subsidie voor het ontwikkelen van een koffiebrander.", ["en"] = "Grant to develop a coffee roaster." },
        ["provider"] = provider,
        ["level"] = "provincial",
        ["instrument"] = "subsidy",
        ["themes"] = new JsonArray("innovation"),
        ["phases"] = new JsonArray("feasibility"),
        ["areas"] = new JsonArray((areas ?? ["PV30"]).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["keywords"] = new JsonObject { ["nl"] = new JsonArray("koffiebrander"), ["en"] = new JsonArray("coffee roaster") },
        ["url"] = "https://example.org/" + id,
        ["sourceUrl"] = "https://example.org/" + id,
        ["lastVerifiedOn"] = "2026-11-20",
    };

    public static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Body(string text) => new(text, Encoding.UTF8, "application/json");
}
