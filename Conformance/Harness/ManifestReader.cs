using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>Reads a manifest's fields, each refusal a <see cref="GoldenFormatException"/> naming the file, the field and
/// what was expected.</summary>
internal sealed class ManifestReader(string file)
{
    GoldenFormatException Bad(string what) => new(file, what);

    public string Str(JsonObject o, string key, string where = "") =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw Bad($"{where}'{key}' must be a non-empty string");

    public JsonObject Obj(JsonObject o, string key, string where = "") =>
        o[key] as JsonObject ?? throw Bad($"{where}'{key}' must be an object");

    public JsonArray Arr(JsonObject o, string key, string where = "") =>
        o[key] as JsonArray ?? throw Bad($"{where}'{key}' must be an array");

    public long[] Shape(JsonObject o, string where)
    {
        var a = Arr(o, "shape", where);
        var shape = a.Select(n => n is JsonValue v && v.TryGetValue<long>(out var d) && d >= 0 ? d
            : throw Bad($"{where}'shape' must hold non-negative integers")).ToArray();
        if (shape.Length > 32) throw Bad($"{where}'shape' has {shape.Length} dimensions; NPY allows at most 32");
        double elements = shape.Aggregate(1.0, (p, d) => p * d);
        if (elements > MaxElements)
            throw Bad($"{where}'shape' [{string.Join(", ", shape)}] holds {elements:G3} elements, more than the {MaxElements:G3} allowed");
        return shape;
    }

    /// <summary>The most elements an array of a manifest may have (2^31, as a .NET array).</summary>
    const double MaxElements = 2147483648.0;

    string Sha(JsonObject o, string where)
    {
        var s = Str(o, "sha256", where);
        if (s.Length != 64 || !s.All(Uri.IsHexDigit)) throw Bad($"{where}'sha256' must be 64 hex digits");
        return s;
    }

    string DType(JsonObject o, string where)
    {
        var d = Str(o, "dtype", where);
        if (NpyDTypes.FromDescr(d) is null) throw Bad($"{where}dtype '{d}' is not one of <f4, <f8, <i4, <i8, |u1, |b1");
        return d;
    }

    string FileName(JsonObject o, string where) => SimpleName(Str(o, "file", where), "file", where);

    /// <summary>A file or output name: letters, digits, '.', '_' and '-' only, not starting with '.', no '..', not
    /// one of the protocol's own names — so it can never point outside its folder or clash with the harness's files.</summary>
    public string SimpleName(string s, string key, string where)
    {
        if (s.Length > 200 || s[0] == '.' || s.Contains("..", StringComparison.Ordinal) || !s.All(ch => char.IsAsciiLetterOrDigit(ch)
            || ch is '.' or '_' or '-'))
            throw Bad($"{where}'{key}' must be a simple name (letters, digits, '.', '_', '-'; no leading '.', no '..', no '/'), got '{s}'");
        if (Reserved.Contains(s,
            StringComparer.OrdinalIgnoreCase)) throw Bad($"{where}'{key}' '{s}' is reserved by the protocol ({string.Join(", ", Reserved)})");
        return s;
    }

    public static readonly string[] Reserved = ["manifest.json", "outputs.json", "out", "_unsupported.txt", "_error.txt"];

    public ArraySpec ArrayEntry(JsonNode? n, string where)
    {
        if (n is not JsonObject o) throw Bad($"{where} must be an object");
        where += ": ";
        return new ArraySpec(Str(o, "name", where), DType(o, where), Shape(o, where), FileName(o, where), Sha(o, where));
    }

    public OutputSpec Output(JsonNode? n, string where)
    {
        if (n is not JsonObject o) throw Bad($"{where} must be an object");
        var w = where + ": ";
        var kind = Str(o, "kind", w);
        var tol = Tol(Obj(o, "tolerance", w), w + "tolerance: ");
        return kind switch
        {
            "array" => new OutputSpec(SimpleName(Str(o, "name", w), "name", w), OutputKind.Array, FileName(o, w), Sha(o, w), tol, DType(o, w), Shape(o, w),
                null),
            "text" => new OutputSpec(SimpleName(Str(o, "name", w), "name", w), OutputKind.Text, FileName(o, w), Sha(o, w), tol, null, null,
                Str(o, "compare", w) is var c && (c == "exact_text" || c == "summary_rows") ? c
                    : throw Bad($"{w}'compare' must be exact_text or summary_rows")),
            _ => throw Bad($"{w}kind '{kind}' must be 'array' or 'text'"),
        };
    }

    Tolerance Tol(JsonObject t, string where)
    {
        var name = Str(t, "kind", where);
        var kind = Tolerance.Parse(name) ?? throw Bad($"{where}kind '{name}' must be one of exact, ulp, abs_rel");
        var reason = Str(t, "reason", where);
        var sharp = t["sharp"] is null ? null : Str(t, "sharp", where);
        return (kind switch
        {
            ToleranceKind.Ulp => new Tolerance(kind, reason, MaxUlp: t["max_ulp"] is JsonValue v && v.TryGetValue<long>(out var u) && u >= 0 ? u
                : throw Bad($"{where}'max_ulp' must be a non-negative integer")),
            ToleranceKind.AbsRel => new Tolerance(kind, reason, Abs: Num(t, "abs", where), Rel: Num(t, "rel", where),
                OutlierFraction: t["outlier_fraction"] is null ? 0 : Fraction(t, "outlier_fraction", where),
                OutlierAbs: t["outlier_abs"] is null ? 0 : Num(t, "outlier_abs", where)),
            _ => new Tolerance(kind, reason),
        }) with { Sharp = sharp };
    }

    double Fraction(JsonObject o, string key, string where) =>
        Num(o, key, where) is var f && f <= 1 ? f : throw Bad($"{where}'{key}' must be a fraction in [0, 1], got {f}");

    double Num(JsonObject o, string key, string where) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var d) && d >= 0 && double.IsFinite(d) ? d
            : throw Bad($"{where}'{key}' must be a non-negative number");
}
