using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifeCircle.Core.Http;

namespace LifeCircle.Tests.Infrastructure;

public static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new(ApiJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    };

    /// <summary>
    /// Compares a whole object with a JSON body as the API writes it, so a failure shows the
    /// first differing line of the two documents.
    /// </summary>
    public static void Equal<T>(T expected, string actualJson)
    {
        var expectedText = JsonSerializer.Serialize(expected, Indented);
        var actualText = JsonNode.Parse(actualJson)!.ToJsonString(Indented);
        Assert.Equal(expectedText, actualText);
    }
}
