using System.CommandLine;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.Cli;

/// <summary><c>conformance methods</c>: every method's parameters (name, type, default, meaning) and outputs (name, dtype,
/// shape rule, meaning), from the adapters; <c>--markdown FILE</c> writes docs/methods/index.md.</summary>
public static class MethodsCommand
{
    public static Command Build()
    {
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown to this file (docs/methods/index.md)" };
        var cmd = new Command("methods", "List every method with its parameters and outputs") { markdown };
        cmd.SetAction(r =>
        {
            var docs = MethodRegistry.Docs();
            if (r.GetValue(markdown) is { } file)
            {
                AtomicFile.WriteAllText(file, MethodTable.Markdown(docs));
                Console.WriteLine($"{docs.Count} methods written to {file}");
            }
            else Console.Out.Write(MethodTable.Text(docs));
            return 0;
        });
        return cmd;
    }
}
