using System.CommandLine;
using System.Text.Json;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;

namespace KerasVis.Cli;

/// <summary><c>conformance methods</c>: every method's parameters (name, type, default, meaning) and outputs (name, dtype,
/// shape rule, meaning). <c>--markdown FILE</c> writes docs/methods/index.md, <c>--json FILE</c> docs/methods/methods.json
/// (what the torch-free checker embeds). The table comes from <paramref name="docs"/>: the adapters in the full CLI, the
/// embedded JSON in the checker.</summary>
public static class MethodsCommand
{
    public static Command Build(Func<IReadOnlyList<MethodDoc>> docs)
    {
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown to this file (docs/methods/index.md)" };
        var json = new Option<string?>("--json") { Description = "write the table as JSON to this file (docs/methods/methods.json)" };
        var name = new Argument<string?>("name")
            { Description = "one method's name (as `method.name` in a manifest): show only it", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("methods", "List every method with its parameters and outputs, or one method's") { name, markdown, json };
        cmd.SetAction(r =>
        {
            var list = docs();
            if (r.GetValue(name) is { } one)
            {
                var found = list.Where(m => m.Name == one).ToList();
                if (found.Count == 0)
                    throw new UsageException($"no method '{one}'{Suggest.Phrase(one, list.Select(m => m.Name))} (conformance methods lists every method)");
                list = found;
            }
            if (r.GetValue(markdown) is { } md) { AtomicFile.WriteAllText(md,
                MethodTable.Markdown(list)); Console.WriteLine($"{list.Count} methods written to {md}"); }
            if (r.GetValue(json) is { } js) { AtomicFile.WriteAllText(js, Json(list)); Console.WriteLine($"{list.Count} methods written to {js}"); }
            if (r.GetValue(markdown) is null && r.GetValue(json) is null) Console.Out.Write(MethodTable.Text(list));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static readonly JsonSerializerOptions Readable = new(MethodDocJson.Default.Options)
    {
        TypeInfoResolver = MethodDocJson.Default,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(IReadOnlyList<MethodDoc> docs) =>
        JsonSerializer.Serialize(docs.ToList(),
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<MethodDoc>>)Readable.GetTypeInfo(typeof(List<MethodDoc>))) + "\n";

    public static IReadOnlyList<MethodDoc> FromJson(string text) =>
        JsonSerializer.Deserialize(text, MethodDocJson.Default.ListMethodDoc) ?? throw new InvalidDataException("the embedded method table is empty");
}
