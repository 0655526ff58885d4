using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>
/// Binds a manifest's <c>method.params</c> to a method's parameter record, strictly: every key must be a parameter of
/// the method (a misspelt key is refused, never silently defaulted), every required parameter present, every value of
/// its JSON type (no string for a number, no number for a boolean) and inside its documented range, and the record's
/// own <see cref="IParamsCheck"/> rules hold. Every refusal is a <see cref="GoldenFormatException"/> naming the manifest,
/// the key and what was expected. System.Text.Json does the binding; the checks before it make the messages.
/// </summary>
public static class ParamBinder
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static T Bind<T>(GoldenCase c) where T : class
    {
        var schema = ParamSchema.Of(typeof(T));
        GoldenFormatException Bad(string key, string problem) => new(c.ManifestPath, $"method.params.{key}: {problem}");
        foreach (var (key, _) in c.Params)
            if (schema[key] is null)
                throw Bad(key, $"is not a parameter of {c.Method} (its parameters: {string.Join(", ", schema.Params.Select(p => p.Name))})");
        foreach (var p in schema.Params.Where(p => p.Required && !c.Params.ContainsKey(p.Name)))
            throw Bad(p.Name, $"is required ({p.Type}: {p.Meaning})");
        var bound = (T)Deserialize(typeof(T), schema, c.Params, Bad);
        foreach (var p in schema.Params)
        {
            if (double.IsNaN(p.Min) && double.IsNaN(p.Max)) continue;
            foreach (var v in Numbers(c.Params[p.Name]))
                if ((!double.IsNaN(p.Min) && v < p.Min) || (!double.IsNaN(p.Max) && v > p.Max))
                    throw Bad(p.Name, string.Create(CultureInfo.InvariantCulture,
                        $"{v} is out of range (allowed{(double.IsNaN(p.Min) ? "" : $" ≥ {p.Min}")}{(double.IsNaN(p.Max) ? "" : $" ≤ {p.Max}")})"));
        }
        foreach (var record in WithParts(bound))
            if (record is IParamsCheck check)
                foreach (var (key, problem) in check.Problems()) throw Bad(key, problem);
        return bound;
    }

    /// <summary>Binds a record from the flat <paramref name="given"/> keys: each part first from its own keys (so an
    /// error names the manifest's key), then the record with every part nested under its constructor name.</summary>
    static object Deserialize(Type type, ParamSchema schema, JsonObject given, Func<string, string, GoldenFormatException> bad)
    {
        var own = new JsonObject();
        foreach (var (key, value) in given)
            if (!schema.Parts.Any(part => part.Schema[key] is not null)) own[key] = value?.DeepClone();
        foreach (var (name, partType, partSchema) in schema.Parts)
        {
            var keys = new JsonObject();
            foreach (var (key, value) in given)
                if (partSchema[key] is not null) keys[key] = value?.DeepClone();
            Deserialize(partType, partSchema, keys, bad);
            own[name] = keys;
        }
        try { return own.Deserialize(type, Options) ?? throw bad("", "is null"); }
        catch (JsonException e)
        {
            var key = KeyOf(e.Path);
            var given_ = key is not null && given[key] is { } n ? n.ToJsonString() : "null";
            var doc = key is null ? null : schema[key];
            if (doc is not null && SubKeyOf(e.Path, key!) is { } sub && typeof(WeightsSpec) is var w && doc.Type == ParamSchema.TypeName(w)
                && w.GetProperties().FirstOrDefault(p => ManifestNames.Of(p.Name) == sub) is { } member)
                throw bad($"{doc.Name}.{sub}", $"must be {ParamSchema.TypeName(member.PropertyType)}, got {given[key!]?[sub]?.ToJsonString() ?? "null"}");
            throw doc is null ? bad(key ?? "?", e.Message) : bad(doc.Name, $"must be {doc.Type}, got {given_}");
        }
    }

    /// <summary>A bound record and the part records inside it (each may carry its own <see cref="IParamsCheck"/>).</summary>
    static IEnumerable<object> WithParts(object record)
    {
        yield return record;
        foreach (var prop in record.GetType().GetProperties().Where(p => ParamSchema.IsPart(p.PropertyType)))
            if (prop.GetValue(record) is { } part)
                foreach (var r in WithParts(part)) yield return r;
    }

    /// <summary>The top-level key of a System.Text.Json error path (<c>$.max_N</c>, <c>$.weights.seed</c>, <c>$['a b']</c>).</summary>
    static string? KeyOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.StartsWith("$['", StringComparison.Ordinal) ? path[3..] : path[1..];
        int end = rest.IndexOfAny(['.', '[', '\'']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The field below <paramref name="key"/> in an error path (<c>$.weights.seed</c> → <c>seed</c>), or null.</summary>
    static string? SubKeyOf(string? path, string key)
    {
        var prefix = $"$.{key}.";
        if (path is null || !path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = path[prefix.Length..];
        int end = rest.IndexOfAny(['.', '[']);
        return end < 0 ? rest : rest[..end];
    }

    static IEnumerable<double> Numbers(JsonNode? n) => n switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => [double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)],
        JsonArray a => a.SelectMany(Numbers),
        _ => [],
    };
}
