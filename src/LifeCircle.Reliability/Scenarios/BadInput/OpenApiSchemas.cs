using System.Text.Json.Nodes;

namespace LifeCircle.Reliability.Scenarios.BadInput;

public enum FieldKind
{
    Text,
    Number,
    Bool,
    Uuid,
    Date,
    DateTime,
    Enum,
    Array,
    Object
}

/// <summary>
/// The request bodies of the app's OpenAPI document (<c>/openapi/v1.json</c>): which POST and
/// PUT operations exist, and what kind of value each body field takes.
/// </summary>
public sealed class OpenApiSchemas(JsonObject document)
{
    /// <summary>Every POST and PUT operation as "METHOD /route".</summary>
    public IReadOnlyList<string> WriteOperations() =>
        (document["paths"]?.AsObject() ?? [])
        .SelectMany(path => (path.Value?.AsObject() ?? [])
            .Where(op => op.Key is "post" or "put")
            .Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Returns the kind of the body field at <paramref name="path"/> (e.g. <c>repair.item</c>), or null when the document does not say.</summary>
    public FieldKind? KindOf(RequestTemplate template, string path)
    {
        var schema = document["paths"]?[template.Route]?[template.Method.ToLowerInvariant()]?["requestBody"]?["content"]?
            .AsObject().Select(c => c.Value?["schema"]).FirstOrDefault();
        foreach (var segment in path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.'))
        {
            schema = Resolve(schema);
            schema = segment == "[0]" ? schema?["items"] : schema?["properties"]?[segment];
        }

        schema = Resolve(schema);
        if (schema is null)
        {
            return null;
        }

        if (schema["enum"] is not null)
        {
            return FieldKind.Enum;
        }

        var types = Types(schema);
        if (types.Contains("boolean"))
        {
            return FieldKind.Bool;
        }

        if (types.Contains("number") || types.Contains("integer"))
        {
            return FieldKind.Number;
        }

        if (types.Contains("array"))
        {
            return FieldKind.Array;
        }

        if (types.Contains("object") || schema["properties"] is not null)
        {
            return FieldKind.Object;
        }

        return schema["format"]?.GetValue<string>() switch
        {
            "uuid" => FieldKind.Uuid,
            "date" => FieldKind.Date,
            "date-time" => FieldKind.DateTime,
            _ when types.Contains("string") => FieldKind.Text,
            _ => null
        };
    }

    /// <summary>Follows <c>$ref</c> and picks the non-null branch of a nullable <c>oneOf</c>.</summary>
    private JsonNode? Resolve(JsonNode? schema)
    {
        for (var depth = 0; schema is not null && depth < 10; depth++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document["components"]?["schemas"]?[reference.Split('/')[^1]];
            }
            else if (schema["oneOf"] is JsonArray choices)
            {
                schema = choices.FirstOrDefault(c => !Types(c!).SequenceEqual(["null"]));
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => []
    };
}
