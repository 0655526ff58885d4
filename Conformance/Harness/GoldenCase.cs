using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

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

    /// <summary>The fixture files the case reads, with their SHA-256 (<see cref="CaseFixtures.Verify"/>).</summary>
    public IReadOnlyList<FixtureSpec> Fixtures { get; init; } = [];
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
            Description = Description, Inputs = Inputs, Outputs = Outputs, Oracle = Oracle, Fixtures = Fixtures,
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
        var bytes = ReadCaseFile(path, ManifestPath, $"file '{file}'");
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
            if (inputs.Any(q => q.Name == name)) throw new GoldenFormatException(manifestPath, $"{where}name '{name}' is already used by another input");
            var file = p.SimpleName(p.Str(e, "file", where), "file", where);
            var path = Path.Combine(dir, file);
            var bytes = ReadCaseFile(path, manifestPath, $"input '{name}'");
            var a = Npy.Parse(bytes, path);
            var dtype = NpyDTypes.Descr(a.DType);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (e["dtype"] is not null && p.Str(e, "dtype", where) is var declared && declared != dtype)
                throw new GoldenFormatException(path, $"dtype {dtype} differs from the manifest's {declared}");
            if (e["shape"] is not null && p.Shape(e, where) is var shape && !shape.SequenceEqual(a.Shape))
                throw new GoldenFormatException(path, $"shape {NpyArray.FormatShape(a.Shape)} differs from the manifest's {NpyArray.FormatShape(shape)}");
            if (e["sha256"] is not null && p.Str(e, "sha256", where) is var declaredSha && !declaredSha.Equals(sha, StringComparison.OrdinalIgnoreCase))
                throw new GoldenFormatException(path, $"SHA-256 {sha} differs from the manifest's {declaredSha}");
            inputs.Add(new ArraySpec(name, dtype, a.Shape, file, sha));
        }
        var outputs = new List<OutputSpec>();
        if (o["outputs"] is JsonArray outs)
            for (int i = 0; i < outs.Count; i++)
            {
                if (outs[i] is not JsonObject e) throw new GoldenFormatException(manifestPath, $"outputs[{i}] must be an object");
                var where = $"outputs[{i}]: ";
                var name = p.SimpleName(p.Str(e, "name", where), "name", where);
                var kindName = e["kind"] is null ? "array" : p.Str(e, "kind", where);
                var kind = kindName switch { "array" => OutputKind.Array, "text" => OutputKind.Text, _ => throw new GoldenFormatException(manifestPath,
                    $"{where}kind '{kindName}' must be 'array' or 'text'") };
                var file = e["file"] is null ? name + (kind == OutputKind.Text ? ".txt" : ".npy") : p.SimpleName(p.Str(e, "file", where), "file", where);
                if (outputs.Any(q => q.File.Equals(file, StringComparison.OrdinalIgnoreCase) || q.Name == name))
                    throw new GoldenFormatException(manifestPath, $"{where}name '{name}' or file '{file}' is already used by another output");
                outputs.Add(new OutputSpec(name, kind, file, "", new Tolerance(ToleranceKind.Exact, "not compared"), null, null, null));
            }
        return new GoldenCase
        {
            Id = RequestId(o, dir, manifestPath),
            Directory = dir, ManifestPath = manifestPath,
            Method = p.Str(method, "name"), Params = method["params"] is null ? new JsonObject() : p.Obj(method, "params", "method."),
            Model = o["model"]?.GetValueKind() == JsonValueKind.String ? (string?)o["model"] : null,
            Description = o["description"] is JsonValue dsv && dsv.TryGetValue<string>(out var d) ? d : "",
            Inputs = inputs, Outputs = outputs, Oracle = "(none: a request)", Fixtures = CaseFixtures.Parse(o, manifestPath),
        };
    }

    /// <summary>A request's id: its manifest's <c>id</c> (held to <see cref="CaseFixtures.IdProblem"/>), else its folder's
    /// name with every character outside the id alphabet written as '_'.</summary>
    static string RequestId(JsonObject o, string dir, string manifestPath)
    {
        if (o["id"] is JsonValue iv && iv.TryGetValue<string>(out var id))
            return CaseFixtures.IdProblem(id) is { } problem ? throw new GoldenFormatException(manifestPath, $"'id' {problem}, got '{Shown(id)}'") : id;
        var name = new string(Path.GetFileName(dir).Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.' ? ch : '_').ToArray());
        name = name.TrimStart('.');
        return name.Length == 0 ? "request" : name[..Math.Min(name.Length, CaseFixtures.MaxIdLength)];
    }

    /// <summary>An id as an error message may show it: control characters escaped, cut at 80 characters.</summary>
    static string Shown(string id)
    {
        var s = string.Concat(id.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:X4}" : ch.ToString()));
        return s.Length > 80 ? s[..80] + "…" : s;
    }

    public const string Schema = "kerasvis-golden/1";

    /// <summary>The largest input or golden file read (the largest golden file is under 120 MiB).</summary>
    public const long MaxCaseFileBytes = 1L << 30;

    /// <summary>A case file's bytes, after checking that it exists, is no symbolic link, and is a regular file of a sane
    /// size (a FIFO or a device reads as size 0 and is refused before anything opens it).</summary>
    static byte[] ReadCaseFile(string path, string manifestPath, string what)
    {
        try { return RegularFile.ReadAllBytes(path, MaxCaseFileBytes); }
        catch (RegularFileException e)
        {
            throw new GoldenFormatException(path, $"{what} named by {manifestPath} {e.Problem}; case files must be regular files of the case folder");
        }
    }

    /// <summary>The largest manifest read (the largest golden's is under 100 KiB).</summary>
    public const long MaxManifestBytes = 16 << 20;

    /// <summary>A manifest's JSON object and a reader naming the file in its errors, after the checks every manifest
    /// passes: the file exists, is a JSON object, and has this schema.</summary>
    static (JsonObject Root, ManifestReader Reader) Parse(string manifestPath)
    {
        if (!System.IO.File.Exists(manifestPath)) throw new GoldenFormatException(manifestPath, "manifest not found");
        byte[] bytes;
        try { bytes = RegularFile.ReadAllBytes(manifestPath, MaxManifestBytes); }
        catch (RegularFileException e)
        {
            throw new GoldenFormatException(manifestPath,
                $"the manifest {e.Problem} (a manifest is a regular file of 1 byte to {MaxManifestBytes / (1 << 20)} MiB)");
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(Utf8Text.Strict(bytes, manifestPath, "a manifest"), documentOptions: new JsonDocumentOptions
                { AllowDuplicateProperties = false });
        }
        catch (JsonException e) { throw new GoldenFormatException(manifestPath, $"not valid JSON: {e.Message}"); }
        if (root is not JsonObject o) throw new GoldenFormatException(manifestPath, "the manifest must be a JSON object");
        var p = new ManifestReader(manifestPath);
        var schema = p.Str(o, "schema");
        if (schema != Schema) throw new GoldenFormatException(manifestPath, $"schema '{schema}' is not '{Schema}'");
        return (o, p);
    }

    public static GoldenCase Load(string manifestPath)
    {
        var (o, p) = Parse(manifestPath);
        var id = p.Str(o, "id");
        if ((CaseFixtures.IdProblem(id) ?? (id.Contains('/') ? null : "must be FAMILY/CASE")) is { } idProblem)
            throw new GoldenFormatException(manifestPath, $"'id' {idProblem}, got '{Shown(id)}'");
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var method = p.Obj(o, "method");
        if (!(o["source"] is JsonObject || o["source"] is JsonValue sv && sv.TryGetValue<string>(out var source) && source.Length > 0))
            throw new GoldenFormatException(manifestPath, "'source' must be a non-empty string or an object (where the case comes from)");
        var prov = p.Obj(o, "provenance");
        p.Str(prov, "command"); p.Str(prov, "version");
        var inputs = p.Arr(o, "inputs").Select((n, i) => p.ArrayEntry(n, $"inputs[{i}]")).ToList();
        var outputs = p.Arr(o, "outputs").Select((n, i) => p.Output(n, $"outputs[{i}]")).ToList();
        if (outputs.Count == 0) throw new GoldenFormatException(manifestPath, "'outputs' is empty: a case must check something");
        var dup = outputs.Select(x => x.Name).Concat(inputs.Select(x => x.Name)).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new GoldenFormatException(manifestPath, $"name '{dup.Key}' is used twice among inputs and outputs");
        var shared = outputs.Select(x => x.File).Concat(inputs.Select(x => x.File)).GroupBy(x => x, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g
            => g.Count() > 1);
        if (shared != null) throw new GoldenFormatException(manifestPath, $"file '{shared.Key}' is named by two inputs or outputs; each needs its own file");
        return new GoldenCase
        {
            Id = id, Directory = dir, ManifestPath = manifestPath,
            Method = p.Str(method, "name"), Params = p.Obj(method, "params"),
            Model = o["model"]?.GetValueKind() == JsonValueKind.String ? (string?)o["model"] : null,
            Description = p.Str(o, "description"),
            Inputs = inputs, Outputs = outputs, Oracle = p.Str(prov, "oracle"), Fixtures = CaseFixtures.Parse(o, manifestPath),
        };
    }
}
