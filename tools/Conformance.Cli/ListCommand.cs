using System.CommandLine;
using KerasVis.Conformance.Harness;

namespace KerasVis.Cli;

/// <summary><c>conformance list</c>: the golden cases (id, method, oracle).</summary>
public static class ListCommand
{
    public static Command Build()
    {
        var filter = CliOptions.Regex("--filter", "regular expression over case ids (e.g. '^losses/')");
        var cmd = new Command("list", "List the golden cases (id, method, oracle)") { filter };
        cmd.SetAction(r =>
        {
            var cases = CliOptions.Select(GoldenRepository.LoadAll(), r.GetValue(filter));
            int w = cases.Count == 0 ? 10 : cases.Max(c => c.Id.Length);
            foreach (var c in cases) Console.WriteLine($"{c.Id.PadRight(w)}  {c.Method,-24}  {c.Oracle}");
            Console.WriteLine($"{cases.Count} cases");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
