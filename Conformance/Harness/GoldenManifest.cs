using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A golden file or manifest that breaks the format of docs/golden-format.md. Names the file and the problem.</summary>
public sealed class GoldenFormatException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}

/// <summary>A case output's tolerance. <c>abs_rel</c> may name an outlier allowance for outputs that are discontinuous
/// in their inputs (gradients through ReLU kinks and max-pool switches of a deep net): up to <see cref="OutlierFraction"/>
/// of the elements may exceed <c>abs + rel·|e|</c> as long as each stays within <see cref="OutlierAbs"/>.</summary>
public sealed record Tolerance(string Kind, string Reason, long MaxUlp = 0, double Abs = 0, double Rel = 0,
    double OutlierFraction = 0, double OutlierAbs = 0)
{
    public override string ToString() => Kind switch
    {
        "exact" => "exact",
        "ulp" => $"≤ {MaxUlp} ulp",
        _ when OutlierFraction > 0 => $"|a−e| ≤ {Abs:G3} + {Rel:G3}·|e| for all but {OutlierFraction:P3} of the elements, those ≤ {OutlierAbs:G3}",
        _ => $"|a−e| ≤ {Abs:G3} + {Rel:G3}·|e|",
    };
}

public sealed record ArraySpec(string Name, string DType, long[] Shape, string File, string Sha256);

public sealed record OutputSpec(string Name, string Kind, string File, string Sha256, Tolerance Tolerance, string? DType, long[]? Shape, string? Compare)
{
    /// <summary>The array description of an <c>array</c> output (what <see cref="GoldenCase.ReadArray"/> reads).</summary>
    public ArraySpec ArraySpec => Kind == "array" ? new(Name, DType!, Shape!, File, Sha256) : throw new InvalidOperationException($"output '{Name}' is {Kind}, not an array");
}

/// <summary>One golden case: <c>golden/&lt;family&gt;/&lt;case&gt;/manifest.json</c> and the files beside it.</summary>
public sealed class GoldenCase
{
    public required string Id { get; init; }
    public required string Directory { get; init; }
    public required string ManifestPath { get; init; }
    public required string Method { get; init; }
    public required JsonObject Params { get; init; }
    public string? Model { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<ArraySpec> Inputs { get; init; }
    public required IReadOnlyList<OutputSpec> Outputs { get; init; }
    public required string Oracle { get; init; }
    public string Family => Id.Split('/')[0];

    public override string ToString() => Id;

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>This case with other method parameters (a mutant backend's way to run the Reference with a porting bug
    /// in its settings: another zoom order, a flag dropped). The files stay the golden's.</summary>
    public GoldenCase WithParams(Action<JsonObject> change)
    {
        var p = (JsonObject)Params.DeepClone();
        change(p);
        return new GoldenCase
        {
            Id = Id, Directory = Directory, ManifestPath = ManifestPath, Method = Method, Params = p, Model = Model,
            Description = Description, Inputs = Inputs, Outputs = Outputs, Oracle = Oracle,
        };
    }

    /// <summary>Reads an input or output array, checking its hash, dtype and shape against the manifest.</summary>
    public NpyArray ReadArray(ArraySpec s)
    {
        var (path, bytes) = ReadVerified(s.File, s.Sha256);
        var a = Npy.Parse(bytes, path);
        if (NpyDTypes.Descr(a.DType) != s.DType && !(s.DType == "|b1" && a.DType == NpyDType.Bool))
            throw new GoldenFormatException(path, $"dtype {NpyDTypes.Descr(a.DType)} differs from the manifest's {s.DType}");
        if (!a.Shape.SequenceEqual(s.Shape))
            throw new GoldenFormatException(path, $"shape {NpyArray.FormatShape(a.Shape)} differs from the manifest's {NpyArray.FormatShape(s.Shape)}");
        return a;
    }

    public string ReadText(OutputSpec o)
    {
        var (_, bytes) = ReadVerified(o.File, o.Sha256);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The bytes of a file of this case, after checking it exists and has the manifest's SHA-256.</summary>
    (string Path, byte[] Bytes) ReadVerified(string file, string sha256)
    {
        var path = PathOf(file);
        if (!System.IO.File.Exists(path)) throw new GoldenFormatException(path, $"file named by {ManifestPath} is missing");
        var bytes = System.IO.File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != sha256) throw new GoldenFormatException(path, $"SHA-256 {sha} differs from the manifest's {sha256} (edited by hand? run `make golden`)");
        return (path, bytes);
    }

    public Dictionary<string, NpyArray> ReadInputs() => Inputs.ToDictionary(i => i.Name, ReadArray);

    // ------------------------------------------------------------------ parsing

    /// <summary>
    /// A case folder written by anyone in the golden format, to run (<c>conformance run</c>): it needs <c>schema</c>,
    /// <c>method</c> (name and params) and <c>inputs</c> (name and file; dtype and shape, when given, are checked against
    /// the file). No hashes, provenance or outputs are required: the inputs may hold any values. <c>outputs</c>, when
    /// present, name the files to write; <c>id</c> defaults to the folder's name.
    /// </summary>
    public static GoldenCase LoadRequest(string manifestPath)
    {
        if (System.IO.Directory.Exists(manifestPath)) manifestPath = Path.Combine(manifestPath, "manifest.json");
        var (o, p) = Parse(manifestPath);
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var method = p.Obj(o, "method");
        var inputs = new List<ArraySpec>();
        var list = o["inputs"] is null ? [] : p.Arr(o, "inputs");
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject e) throw new GoldenFormatException(manifestPath, $"inputs[{i}] must be an object");
            var where = $"inputs[{i}]: ";
            var name = p.Str(e, "name", where);
            var file = p.Str(e, "file", where);
            if (file.Contains("..") || Path.IsPathRooted(file)) throw new GoldenFormatException(manifestPath, $"{where}'file' must be a name inside the case folder, got '{file}'");
            var path = Path.Combine(dir, file);
            if (!System.IO.File.Exists(path)) throw new GoldenFormatException(path, $"input '{name}' named by {manifestPath} is missing");
            var bytes = System.IO.File.ReadAllBytes(path);
            var a = Npy.Parse(bytes, path);
            var dtype = NpyDTypes.Descr(a.DType);
            if (e["dtype"] is JsonValue dv && dv.TryGetValue<string>(out var declared) && declared != dtype)
                throw new GoldenFormatException(path, $"dtype {dtype} differs from the manifest's {declared}");
            if (e["shape"] is JsonArray sa && !sa.Select(x => (long)x!).SequenceEqual(a.Shape))
                throw new GoldenFormatException(path, $"shape {NpyArray.FormatShape(a.Shape)} differs from the manifest's ({string.Join(", ", sa)})");
            inputs.Add(new ArraySpec(name, dtype, a.Shape, file, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        var outputs = new List<OutputSpec>();
        if (o["outputs"] is JsonArray outs)
            for (int i = 0; i < outs.Count; i++)
            {
                if (outs[i] is not JsonObject e) throw new GoldenFormatException(manifestPath, $"outputs[{i}] must be an object");
                var name = p.Str(e, "name", $"outputs[{i}]: ");
                var kind = e["kind"] is JsonValue kv && kv.TryGetValue<string>(out var k) ? k : "array";
                var file = e["file"] is JsonValue fv && fv.TryGetValue<string>(out var f) && !f.Contains("..") && !Path.IsPathRooted(f) ? f : name + (kind == "text" ? ".txt" : ".npy");
                outputs.Add(new OutputSpec(name, kind, file, "", new Tolerance("exact", "not compared"), null, null, null));
            }
        return new GoldenCase
        {
            Id = o["id"] is JsonValue iv && iv.TryGetValue<string>(out var id) ? id : Path.GetFileName(dir),
            Directory = dir, ManifestPath = manifestPath,
            Method = p.Str(method, "name"), Params = method["params"] as JsonObject ?? new JsonObject(),
            Model = o["model"]?.GetValueKind() == JsonValueKind.String ? (string?)o["model"] : null,
            Description = o["description"] is JsonValue dsv && dsv.TryGetValue<string>(out var d) ? d : "",
            Inputs = inputs, Outputs = outputs, Oracle = "(none: a request)",
        };
    }

    public const string Schema = "kerasvis-golden/1";
    static readonly string[] Kinds = ["exact", "ulp", "abs_rel"];

    /// <summary>A manifest's JSON object and a reader naming the file in its errors, after the checks every manifest
    /// passes: the file exists, is a JSON object, and has this schema.</summary>
    static (JsonObject Root, Reader Reader) Parse(string manifestPath)
    {
        if (!System.IO.File.Exists(manifestPath)) throw new GoldenFormatException(manifestPath, "manifest not found");
        JsonNode? root;
        try { root = JsonNode.Parse(System.IO.File.ReadAllText(manifestPath)); }
        catch (JsonException e) { throw new GoldenFormatException(manifestPath, $"not valid JSON: {e.Message}"); }
        if (root is not JsonObject o) throw new GoldenFormatException(manifestPath, "the manifest must be a JSON object");
        var p = new Reader(manifestPath);
        var schema = p.Str(o, "schema");
        if (schema != Schema) throw new GoldenFormatException(manifestPath, $"schema '{schema}' is not '{Schema}'");
        return (o, p);
    }

    public static GoldenCase Load(string manifestPath)
    {
        var (o, p) = Parse(manifestPath);
        var id = p.Str(o, "id");
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var method = p.Obj(o, "method");
        var prov = p.Obj(o, "provenance");
        p.Str(prov, "command"); p.Str(prov, "version");
        var inputs = p.Arr(o, "inputs").Select((n, i) => p.ArrayEntry(n, $"inputs[{i}]")).ToList();
        var outputs = p.Arr(o, "outputs").Select((n, i) => p.Output(n, $"outputs[{i}]")).ToList();
        if (outputs.Count == 0) throw new GoldenFormatException(manifestPath, "'outputs' is empty: a case must check something");
        var dup = outputs.Select(x => x.Name).Concat(inputs.Select(x => x.Name)).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new GoldenFormatException(manifestPath, $"name '{dup.Key}' is used twice among inputs and outputs");
        return new GoldenCase
        {
            Id = id, Directory = dir, ManifestPath = manifestPath,
            Method = p.Str(method, "name"), Params = p.Obj(method, "params"),
            Model = o["model"]?.GetValueKind() == JsonValueKind.String ? (string?)o["model"] : null,
            Description = p.Str(o, "description"),
            Inputs = inputs, Outputs = outputs, Oracle = p.Str(prov, "oracle"),
        };
    }

    sealed class Reader(string file)
    {
        GoldenFormatException Bad(string what) => new(file, what);

        public string Str(JsonObject o, string key, string where = "") =>
            o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw Bad($"{where}'{key}' must be a non-empty string");

        public JsonObject Obj(JsonObject o, string key, string where = "") =>
            o[key] as JsonObject ?? throw Bad($"{where}'{key}' must be an object");

        public JsonArray Arr(JsonObject o, string key, string where = "") =>
            o[key] as JsonArray ?? throw Bad($"{where}'{key}' must be an array");

        long[] Shape(JsonObject o, string where)
        {
            var a = Arr(o, "shape", where);
            return a.Select(n => n is JsonValue v && v.TryGetValue<long>(out var d) && d >= 0 ? d
                : throw Bad($"{where}'shape' must hold non-negative integers")).ToArray();
        }

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

        string FileName(JsonObject o, string where)
        {
            var f = Str(o, "file", where);
            if (f.Contains("..") || Path.IsPathRooted(f)) throw Bad($"{where}'file' must be a name inside the case folder, got '{f}'");
            return f;
        }

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
                "array" => new OutputSpec(Str(o, "name", w), kind, FileName(o, w), Sha(o, w), tol, DType(o, w), Shape(o, w), null),
                "text" => new OutputSpec(Str(o, "name", w), kind, FileName(o, w), Sha(o, w), tol, null, null,
                    Str(o, "compare", w) is var c && (c == "exact_text" || c == "summary_rows") ? c : throw Bad($"{w}'compare' must be exact_text or summary_rows")),
                _ => throw Bad($"{w}kind '{kind}' must be 'array' or 'text'"),
            };
        }

        Tolerance Tol(JsonObject t, string where)
        {
            var kind = Str(t, "kind", where);
            if (!Kinds.Contains(kind)) throw Bad($"{where}kind '{kind}' must be one of {string.Join(", ", Kinds)}");
            var reason = Str(t, "reason", where);
            return kind switch
            {
                "ulp" => new Tolerance(kind, reason, MaxUlp: t["max_ulp"] is JsonValue v && v.TryGetValue<long>(out var u) && u >= 0 ? u : throw Bad($"{where}'max_ulp' must be a non-negative integer")),
                "abs_rel" => new Tolerance(kind, reason, Abs: Num(t, "abs", where), Rel: Num(t, "rel", where),
                    OutlierFraction: t["outlier_fraction"] is null ? 0 : Num(t, "outlier_fraction", where),
                    OutlierAbs: t["outlier_abs"] is null ? 0 : Num(t, "outlier_abs", where)),
                _ => new Tolerance(kind, reason),
            };
        }

        double Num(JsonObject o, string key, string where) =>
            o[key] is JsonValue v && v.TryGetValue<double>(out var d) && d >= 0 && double.IsFinite(d) ? d : throw Bad($"{where}'{key}' must be a non-negative number");
    }
}

/// <summary>Finds the repository's golden/ folder and every manifest under it.</summary>
public static class GoldenRepository
{
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("KERASVIS_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Conformance.sln")) && System.IO.Directory.Exists(Path.Combine(d.FullName, "golden")))
                return d.FullName;
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Conformance.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (a folder with Conformance.sln and golden/); set KERASVIS_ROOT");
    }

    public static string GoldenDir => Path.Combine(Root(), "golden");

    public static IReadOnlyList<GoldenCase> LoadAll(string? goldenDir = null)
    {
        goldenDir ??= GoldenDir;
        return System.IO.Directory.EnumerateFiles(goldenDir, "manifest.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "schema" + Path.DirectorySeparatorChar))
            .Select(GoldenCase.Load).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }
}
