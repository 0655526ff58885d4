using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using KerasVis.Conformance.Methods;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>A parameter record's parameters as a manifest spells them: the JSON name (snake_case of the C# name, or
/// its <see cref="JsonPropertyNameAttribute"/>), the type in JSON terms, the default (from the record's constructor)
/// and the documented meaning and range (<see cref="ParamAttribute"/>). A constructor parameter whose type is a
/// <see cref="PartAttribute"/> record contributes that record's parameters at the same level (<see cref="Parts"/>).</summary>
public sealed class ParamSchema
{
    public required IReadOnlyList<ParamDoc> Params { get; init; }

    /// <summary>The record's parts: the constructor parameter's JSON name, its record type and the part's schema.</summary>
    public required IReadOnlyList<(string Name, Type Type, ParamSchema Schema)> Parts { get; init; }

    public static bool IsPart(Type t) => t.GetCustomAttributes(typeof(PartAttribute), false).Length > 0;

    public ParamDoc? this[string name] => Params.FirstOrDefault(p => p.Name == name);

    static readonly Dictionary<Type, ParamSchema> Cache = new();

    public static ParamSchema Of(Type record)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(record, out var s)) return s;
            var ctor = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var parts = ctor.GetParameters().Where(p => IsPart(p.ParameterType))
                .Select(p => (ManifestNames.Of(p.Name!), p.ParameterType, Of(p.ParameterType))).ToList();
            var list = ctor.GetParameters().SelectMany(p => IsPart(p.ParameterType) ? Of(p.ParameterType).Params : [Doc(record, p)]).ToList();
            var dup = list.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new InvalidOperationException($"{record.Name}: parameter '{dup.Key}' is declared twice (by the record and a part)");
            return Cache[record] = new ParamSchema { Params = list, Parts = parts };
        }
    }

    static ParamDoc Doc(Type record, ParameterInfo p)
    {
        var prop = record.GetProperty(p.Name!)!;
        var doc = p.GetCustomAttribute<ParamAttribute>() ?? prop.GetCustomAttribute<ParamAttribute>()
            ?? throw new InvalidOperationException($"{record.Name}.{p.Name} has no [Param] documentation");
        var name = (p.GetCustomAttribute<JsonPropertyNameAttribute>() ?? prop.GetCustomAttribute<JsonPropertyNameAttribute>())?.Name
            ?? ManifestNames.Of(p.Name!);
        return new ParamDoc(name, doc.Type ?? TypeName(p.ParameterType), p.HasDefaultValue ? DefaultText(p.DefaultValue) : null,
            doc.Meaning, doc.Min, doc.Max);
    }

    /// <summary>The C# type in JSON words: integer, number, boolean, string, one of "a" | "b", a list, an object.</summary>
    public static string TypeName(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return TypeName(inner) + " or null";
        if (t == typeof(int) || t == typeof(long) || t == typeof(uint)) return "integer";
        if (t == typeof(double) || t == typeof(float)) return "number";
        if (t == typeof(bool)) return "boolean";
        if (t == typeof(string)) return "string";
        if (t.IsEnum) return string.Join(" | ", Enum.GetNames(t).Select(n => $"\"{ManifestNames.Of(n)}\""));
        if (t.IsArray) return TypeName(t.GetElementType()!) + " list";
        if (t == typeof(WeightsSpec)) return "weights object";
        return "object";
    }

    static string DefaultText(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => $"\"{s}\"",
        Enum e => $"\"{ManifestNames.Of(e)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
