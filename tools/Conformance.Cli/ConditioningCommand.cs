using System.CommandLine;
using System.Globalization;
using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.ReferenceBackend.Conditioning;

namespace KerasVis.Cli;

/// <summary><c>conformance conditioning</c>: for every case, how far the Reference's outputs move when the inputs move
/// one ULP and when the thread count changes, as a share of each output's tolerance (docs/conditioning.md).</summary>
public static class ConditioningCommand
{
    public static Command Build()
    {
        var filter = CliOptions.Regex("--filter", "regular expression over case ids");
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown to this file (docs/conditioning.md)" };
        var cmd = new Command("conditioning",
            "Measure each case's spread under ±1-ULP input nudges, one thread and float64, as a share of its tolerance") { filter, markdown };
        cmd.SetAction(r =>
        {
            var cases = CliOptions.Select(GoldenRepository.LoadAll(), r.GetValue(filter));
            var rows = new List<CaseSpread>();
            int i = 0;
            foreach (var c in cases)
            {
                var s = ConditioningRun.Measure(c);
                rows.Add(s);
                Console.WriteLine($"[{++i}/{cases.Count}] {c.Id,-52} held {Pct(s.Held),9}  " +
                    $"worst {Pct(s.Worst),9}{(s.Note is null ? "" : "  " + s.Note)}{(s.Float64Note is null ? "" : "  " + s.Float64Note)}");
            }
            int over = rows.Count(x => x.Held > 0.5);
            int sharp = rows.Count(x => x.Outputs.Any(o => o.Sharp is not null && o.Worst > 0.5));
            Console.WriteLine($"{over} of {rows.Count} cases have an output whose held spread is over 50 % of its tolerance; " +
                              $"{sharp} more have a sharp output (a rule on exact given values) that a ±1-ULP nudge moves, by design");
            if (r.GetValue(markdown) is { } md) { AtomicFile.WriteAllText(md, Markdown(rows)); Console.WriteLine($"table: {md}"); }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static string Pct(double v) => double.IsNaN(v) ? "-" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("P1", CultureInfo.InvariantCulture).Replace(" ",
        "", StringComparison.Ordinal);

    static string Markdown(IReadOnlyList<CaseSpread> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| case | output | tolerance | +1 ULP | −1 ULP | 1 thread | float64 | held |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in rows)
        {
            if (c.Outputs.Count == 0) { sb.Append(CultureInfo.InvariantCulture, $"| `{c.CaseId}` | | | | | | | {c.Note} |\n"); continue; }
            foreach (var o in c.Outputs)
                sb.Append(CultureInfo.InvariantCulture,
                    $"| `{c.CaseId}` | `{o.Output}` | {o.Tolerance.Replace("|", "\\|", StringComparison.Ordinal)} | {Pct(o.PlusUlp)} | {Pct(o.MinusUlp)} " +
                        $"| {Pct(o.OneThread)} | {Pct(o.Float64)} " +
                        $"| {(o.Held > 0.5 ? "**" + Pct(o.Held) + "**" : Pct(o.Held))}" +
                        $"{(o.Sharp is not null ? " (sharp)" : o.Quantum && o.Worst > 0 && o.Worst <= 1 ? " (one level)" : "")} |\n");
            if (c.Float64Note is { } n) sb.Append(CultureInfo.InvariantCulture,
                $"| `{c.CaseId}` | | | | | | {n.Replace("|", "\\|", StringComparison.Ordinal)} | |\n");
        }
        return sb.ToString();
    }
}
