using System.Globalization;
using KerasVis.Conformance.Harness;
using KerasVis.Fuzz;

// kerasvis-fuzz [TARGET|all] [RUNS] [SEED]: mutational fuzzing of the readers; exit 0 when no crash and no hang.
var which = args.Length > 0 ? args[0] : "all";
long runs = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var root = GoldenRepository.Root();
var targets = FuzzTargets.All.Where(t => which == "all" || t.Name == which).ToList();
if (targets.Count == 0) { Console.Error.WriteLine($"error: unknown target '{which}' (targets: " +
    $"all, {string.Join(", ", FuzzTargets.All.Select(t => t.Name))})"); return 2; }
int bad = 0;
foreach (var t in targets)
{
    var scratch = Path.Combine(Path.GetTempPath(), $"kerasvis-fuzz-{Environment.ProcessId}-{t.Name}");
    try
    {
        var r = FuzzRun.Execute(t, FuzzRun.Corpus(root, t.Name), runs, seed, scratch, Path.Combine(root, "out", "fuzz-findings"),
            progress: Console.Error.WriteLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Target}: {r.Executions} executions, {r.Crashes} crashes, {r.Hangs} hangs, {r.Seconds:0.0} s " +
                $"({r.Executions / Math.Max(r.Seconds, 1e-9):0} exec/s)"));
        foreach (var f in r.Findings.Distinct().Take(10)) Console.WriteLine($"  {f}");
        bad += r.Crashes + r.Hangs;
    }
    finally { Directory.Delete(scratch, recursive: true); }
}
return bad == 0 ? 0 : 1;
