using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Cli.Bench;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Cli;

/// <summary>
/// <c>conformance bench</c> (<c>make bench</c>): every workload of <see cref="BenchWorkloads"/> timed in this process and
/// in the Python baseline (tools/bench/baseline.py, Debian's PyTorch and SciPy, the same weights, inputs and thread
/// count), strictly alternating A B A B: one warm-up of each light workload on each side, then <c>--reps</c> rounds of
/// the light workloads and <c>--heavy-reps</c> of the heavy ones, medians reported with the ratios and each side's peak
/// RSS during the workload. Speed is reported, never asserted.
/// </summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var reps = CliOptions.Ranged("--reps", "rounds of the light workloads after one warm-up", 1, 50, 5);
        var heavyReps = CliOptions.Ranged("--heavy-reps", "rounds of the heavy workloads (512 forwards, Score-CAM 512)", 0, 10, 1);
        var only = CliOptions.Regex("--only", "run only the workloads whose name matches this regular expression (bars included)");
        var python = new Option<string>("--python") { Description = "the baseline's interpreter (Debian's, with python3-torch and python3-scipy)",
            DefaultValueFactory = _ => "/usr/bin/python3" };
        var markdown = new Option<string?>("--markdown") { Description = "write the table to this file" };
        var openBlas = new Option<string?>("--openblas") { Description = "a folder with OpenBLAS's libblas.so.3: a second baseline process runs " +
            "on it (default: Debian's libopenblas0-pthread folder where it exists; 'none' to skip)" };
        var whole = CliOptions.Ranged("--whole-process", "rounds of whole-process runs of each method (a fresh process per run and side)", 0, 10, 1);
        var once = new Option<string?>("--once") { Description = "run one workload once in this process and print its seconds (the " +
            "whole-process runs' child)", Hidden = true };
        var cmd = new Command("bench", "Time the Reference's workloads against the Python baseline in one run")
        {
            reps, heavyReps, only, python, markdown, openBlas, whole, once,
        };
        cmd.SetAction(r =>
        {
            FreedMemory.Keep();   // as explain does: our workloads reuse freed activations (the baseline's process is its own)
            if (r.GetValue(once) is { } single) return RunOnce(single);
            var peak = FmaPeak.Measure(TorchSharp.torch.get_num_threads());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FMA peak: {peak.GFmaPerSecond:0.0} G FMA/s on " +
                $"{TorchSharp.torch.get_num_threads()} threads ({peak.Unit})"));
            var chosen = Select(r.GetValue(only), r.GetValue(heavyReps) > 0);
            if (chosen.Count == 0) throw new UsageException($"--only '{r.GetValue(only)}' matches no workload " +
                $"(workloads: {string.Join(", ", BenchWorkloads.All.Select(w => w.Name))})");
            using var ours = new BenchWorkloads();
            using var theirs = new BaselineServer(r.GetValue(python)!, GoldenRepository.Root(), TorchSharp.torch.get_num_threads());
            var blasDir = r.GetValue(openBlas) ?? (Directory.Exists(DebianOpenBlas) ? DebianOpenBlas : "none");
            using var fast = blasDir == "none" ? null : new BaselineServer(r.GetValue(python)!, GoldenRepository.Root(),
                TorchSharp.torch.get_num_threads(), blasDir);
            var runs = chosen.ToDictionary(w => w.Name, _ => new Samples());
            void Once(Workload w, int round, bool warm)
            {
                Settle();
                var (s, rss) = Measure(ours.Prepare(w), w.Repeat);
                if (!warm) { runs[w.Name].Ours.Add(s); runs[w.Name].OurRss = Math.Max(runs[w.Name].OurRss, rss); }
                var line = $"{(warm ? "warm-up" : $"round {round}"),-9} {w.Name,-22} reference {s,8:0.000} s";
                if (w.Baseline)
                {
                    Settle();
                    var (t, trss) = theirs.Run(w.Name, w.Repeat);
                    if (!warm) { runs[w.Name].Theirs.Add(t); runs[w.Name].TheirRss = Math.Max(runs[w.Name].TheirRss, trss); }
                    line += $"   baseline {t,8:0.000} s";
                    if (fast is not null)
                    {
                        Settle();
                        var (f, frss) = fast.Run(w.Name, w.Repeat);
                        if (!warm) { runs[w.Name].Fast.Add(f); runs[w.Name].FastRss = Math.Max(runs[w.Name].FastRss, frss); }
                        line += $"   OpenBLAS baseline {f,8:0.000} s";
                    }
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line}"));
            }
            foreach (var w in chosen.Where(w => !w.Heavy)) Once(w, 0, warm: true);
            for (int i = 1; i <= r.GetValue(reps); i++) foreach (var w in chosen.Where(w => !w.Heavy)) Once(w, i, warm: false);
            for (int i = 1; i <= r.GetValue(heavyReps); i++)
                foreach (var w in chosen.Where(w => w.Heavy))
                {
                    ours.WarmUp(w);   // a heavy bar warmed as the workloads it bounds are (they follow other work in this process)
                    Once(w, i, warm: false);
                }
            for (int i = 1; i <= r.GetValue(whole); i++)
                foreach (var w in chosen.Where(w => w.IsMethod))
                {
                    Settle();
                    var o = WholeProcess.Reference(w.Name);
                    Settle();
                    var t = WholeProcess.Baseline(r.GetValue(python)!, GoldenRepository.Root(), w.Name, TorchSharp.torch.get_num_threads(),
                        fast is null ? null : blasDir);
                    runs[w.Name].Whole.Add((o, t));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole {i,-3} {w.Name,-22} reference {o.Wall,8:0.000} s " +
                        $"({o.InProcess:0.000} s in process)   {(fast is null ? "baseline" : "OpenBLAS baseline")} {t.Wall,8:0.000} s " +
                        $"({t.InProcess:0.000} s)"));
                }
            var table = BenchTable.Markdown(chosen, runs, r.GetValue(reps), r.GetValue(heavyReps), theirs.Versions, fast?.Versions, peak);
            Console.Write(table);
            if (r.GetValue(markdown) is { } md) AtomicFile.WriteAllText(md, table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>A pause before each timed run on either side: a BLAS's or OpenMP's worker threads keep spinning for a while
    /// after their last call (measured: OpenBLAS's made the Reference's next AlexNet forward 5× slower), so each side
    /// starts on idle cores.</summary>
    static void Settle() => Thread.Sleep(250);

    /// <summary>The whole-process child: builds what <paramref name="name"/> needs, runs it once, prints its seconds and this
    /// process's resident peak so far (VmHWM: its whole life) as one JSON line.</summary>
    static int RunOnce(string name)
    {
        var w = BenchWorkloads.All.FirstOrDefault(x => x.Name == name) ?? throw new UsageException($"no workload '{name}'");
        using var ours = new BenchWorkloads();
        var run = ours.Prepare(w with { Repeat = 1 });   // one call, whatever the in-process rows time over
        var clock = Stopwatch.StartNew();
        run();
        double s = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"name\": \"{name}\", \"seconds\": {s:R}, \"peak_rss_mb\": {PeakRssMb():R}}}"));
        return ExitCodes.Ok;
    }

    /// <summary>Debian's libopenblas0-pthread: its libblas.so.3 (make bench installs it).</summary>
    const string DebianOpenBlas = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    /// <summary>The workloads matching <paramref name="only"/>, with the bars they are measured against.</summary>
    static List<Workload> Select(string? only, bool heavy)
    {
        var names = (only is null ? BenchWorkloads.All : UserRegex.Where(BenchWorkloads.All, w => w.Name, only, "--only"))
            .Where(w => heavy || !w.Heavy).Select(w => w.Name).ToHashSet();
        foreach (var w in BenchWorkloads.All.Where(w => names.Contains(w.Name) && w.Bar is not null).ToList())
            for (var bar = w.Bar; bar is not null; bar = BenchWorkloads.All.First(b => b.Name == bar).Bar) names.Add(bar);
        return BenchWorkloads.All.Where(w => names.Contains(w.Name)).ToList();
    }

    /// <summary>Seconds per call of one timed run and this process's peak RSS (MB) during it: VmHWM after clearing it (clear_refs 5),
    /// managed garbage collected first so an earlier workload's leftovers count against neither.</summary>
    static (double Seconds, double PeakRssMb) Measure(Action run, int repeat)
    {
        GC.Collect(); GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        var clock = Stopwatch.StartNew();
        run();
        double s = clock.Elapsed.TotalSeconds / repeat;
        return (s, PeakRssMb());
    }

    static double PeakRssMb()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:",
            StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

/// <summary>One workload's repetitions on both sides.</summary>
public sealed class Samples
{
    public List<double> Ours { get; } = [];
    public List<double> Theirs { get; } = [];
    public double OurRss { get; set; }
    public double TheirRss { get; set; }
    /// <summary>The OpenBLAS baseline's runs (empty without one).</summary>
    public List<double> Fast { get; } = [];
    public double FastRss { get; set; }
    /// <summary>Whole-process runs: (the Reference's, the faster baseline's).</summary>
    public List<(WholeRun Ours, WholeRun Theirs)> Whole { get; } = [];
}
