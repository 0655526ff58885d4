using System.CommandLine;
using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.ReferenceBackend.Mutants;

namespace KerasVis.Cli;

/// <summary><c>conformance mutants</c>: runs the mutation catalogue over the golden cases and prints the kill table.</summary>
public static class MutantsCommand
{
    public static Command Build()
    {
        var list = new Option<bool>("--list") { Description = "only list the mutants (id, methods touched, description)" };
        var only = CliOptions.Regex("--only", "regular expression over mutant ids");
        var first = new Option<bool>("--first-kill") { Description = "stop each mutant at the first case that catches it (cheapest cases first; what CI " +
            "runs)" };
        var markdown = new Option<string?>("--markdown") { Description = "also write the kill table as Markdown to this file" };
        var cmd = new Command("mutants",
            "Run the mutation catalogue (realistic porting bugs wrapped around the Reference) and print which golden cases catch each") { list, only, first,
                markdown };
        cmd.SetAction(r =>
        {
            var mutants = r.GetValue(only) is { } rx ? UserRegex.Where(MutantCatalogue.All, m => m.Id, rx, "--only") : MutantCatalogue.All.ToList();
            if (r.GetValue(list))
            {
                foreach (var m in mutants) Console.WriteLine($"{m.Id,-36} [{string.Join(", ", m.Methods)}]\n    {m.Description}");
                Console.WriteLine($"{mutants.Count} mutants");
                return 0;
            }
            var cases = GoldenRepository.LoadAll();
            var rows = new List<KillRow>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int i = 0;
            foreach (var m in mutants)
            {
                i++;
                var t0 = clock.Elapsed.TotalSeconds;
                var row = MutationRun.Run(m, cases, r.GetValue(first) ? 1 : 0);
                rows.Add(row);
                var verdict = row.Killed ? "killed" : row.Errors.Count > 0 ? "ERROR" : "SURVIVED";
                Console.WriteLine($"[{i}/{mutants.Count}] {m.Id,-36} {verdict,-8} caught " +
                    $"by {row.CaughtBy.Count}/{row.CaughtBy.Count + row.Missed.Count + row.Errors.Count} touched cases " +
                        $"({clock.Elapsed.TotalSeconds - t0:0.0} s)");
                foreach (var e in row.Errors) Console.WriteLine($"    error: {e}");
            }
            int need = r.GetValue(first) ? 1 : MutationRun.RequiredCatches;
            int killed = rows.Count(x => x.Killed);
            var once = rows.Where(x => x.Killed && x.CaughtBy.Count < need).ToList();
            foreach (var o in once) Console.WriteLine($"CAUGHT ONCE {o.Mutant.Id}: only {o.CaughtBy[0]} catches it; every mutant needs " +
                $"{MutationRun.RequiredCatches} catching cases — add a case");
            Console.WriteLine($"\nkill rate: {killed}/{rows.Count} ({100.0 * killed / Math.Max(1, rows.Count):0.#} %) in {clock.Elapsed.TotalSeconds:0} s");
            foreach (var s in rows.Where(x
                => !x.Killed)) Console.WriteLine($"SURVIVOR {s.Mutant.Id}: no golden case catches it (touched: {string.Join(", ", s.Missed)}) — add a " +
                    $"case or tighten a tolerance");
            if (r.GetValue(markdown) is { } md)
            {
                var sb = new StringBuilder($"| mutant | porting bug | caught by |\n| --- | --- | --- |\n");
                foreach (var row in rows)
                {
                    var caught = row.Killed
                        ? $"{(row.CaughtBy.Count < need ? "**once** " : "")}{row.CaughtBy.Count}/{row.CaughtBy.Count + row.Missed.Count}: " +
                            string.Join(", ", row.CaughtBy.Select(c => $"`{c}`"))
                        : "**survived**";
                    sb.Append($"| `{row.Mutant.Id}` | {row.Mutant.Description.Replace("|", "\\|")} | {caught} |\n");
                }
                sb.Append($"\nKill rate {killed}/{rows.Count}{(r.GetValue(first) ? " (first kill only)" : "")}.\n");
                AtomicFile.WriteAllText(md, sb.ToString());
                Console.WriteLine($"kill table: {md}");
            }
            return killed == rows.Count && once.Count == 0 && rows.All(x => x.Errors.Count == 0) ? 0 : 1;
        });
        return cmd;
    }
}
