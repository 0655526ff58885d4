using System.CommandLine;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;

namespace KerasVis.Cli;

/// <summary><c>conformance coverage</c>: which documented parameters the goldens exercise (every enum alternative, both
/// booleans, two values of anything else) and the cases that do. Exit 1 when one is not exercised;
/// <c>--markdown FILE</c> writes docs/methods/coverage.md.</summary>
public static class CoverageCommand
{
    public static Command Build(Func<IReadOnlyList<MethodDoc>> docs)
    {
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown to this file (docs/methods/coverage.md)" };
        var cmd = new Command("coverage", "Show the values the goldens give each documented parameter; exit 1 if one never varies") { markdown };
        cmd.SetAction(r =>
        {
            var uses = ParamCoverage.Measure(docs(), GoldenRepository.LoadAll());
            var gaps = uses.Where(u => !u.Exercised).ToList();
            foreach (var g in gaps) Console.WriteLine($"not exercised: {g.Method}.{g.Param.Name}: {g.Gap}");
            Console.WriteLine($"{uses.Count - gaps.Count} of {uses.Count} documented parameters exercised by the goldens");
            if (r.GetValue(markdown) is { } md) { AtomicFile.WriteAllText(md, ParamCoverage.Markdown(uses)); Console.WriteLine($"table: {md}"); }
            return gaps.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }
}
