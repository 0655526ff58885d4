using System.Globalization;
using System.Text;

namespace KerasVis.Cli.Bench;

/// <summary>The benchmark's markdown table: medians, ratios, peak RSS, and each issue-17 target as met or missed.</summary>
public static class BenchTable
{
    /// <summary>A whole process's peak RSS may be at most this multiple of the baseline's (issue 17: weights held once, no
    /// copies kept). In process it is reported, not held to it: the bench's process keeps every model it built and the
    /// freed heap <c>FreedMemory.Keep</c> retains, which VmHWM's reset cannot leave out.</summary>
    public const double MaxRssRatio = 1.5;

    /// <summary>Issue 27: a method's peak RSS over a whole process, in MB (the <c>explain</c> bound).</summary>
    public const double MaxWholeRssMb = 3000;
    /// <summary>Issue 27: the share of the FMA peak the batched forward reaches, and how far Score-CAM may be above its floor.</summary>
    public const double MinPeakShare = 0.70, MaxOverFloor = 1.4;

    public static string Markdown(IReadOnlyList<Workload> chosen, IReadOnlyDictionary<string, Samples> runs, int reps, int heavyReps, string baseline,
        string? fastBaseline = null, (double GFmaPerSecond, string Unit)? peak = null)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("| workload | Reference median (s) | baseline median (s) | baseline / Reference | OpenBLAS baseline (s) | OpenBLAS / Reference " +
            "| Reference / bar | Reference peak RSS (MB) | baseline peak RSS (MB) | targets |\n");
        sb.Append("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |\n");
        foreach (var w in chosen)
        {
            var s = runs[w.Name];
            if (s.Ours.Count == 0) continue;
            double ours = Median(s.Ours);
            double? slow = s.Theirs.Count > 0 ? Median(s.Theirs) : null;
            double? fast = s.Fast.Count > 0 ? Median(s.Fast) : null;
            double? theirs = slow is { } a && fast is { } f ? Math.Min(a, f) : slow ?? fast;   // the targets hold against the faster one
            double? overBar = w.Bar is { } b && runs[b].Ours.Count > 0 ? ours / (w.BarTimes * Median(runs[b].Ours)) : null;
            var targets = new List<string>();
            if (w.IsMethod)
                targets.Add(Check($"≥ {w.MinSpeedup:0.0#}× faster than the baseline", theirs is { } t2 && t2 / ours >= w.MinSpeedup));
            if (w.MaxOverBar is { } m)
                targets.Add(Check($"≤ {m:0.0#}× {(w.BarTimes == 1 ? "" : $"{w.BarTimes:0}× ")}{w.Bar}", overBar is { } o && o <= m));
            if (w.Name.StartsWith("zoom_", StringComparison.Ordinal) && theirs is { } tz)
                targets.Add(Check("at least SciPy's speed", tz / ours >= 1.0));
            sb.Append(ic, $"| `{w.Name}` — {w.What} | {Seconds(ours)} | {(slow is { } th ? Seconds(th) : "")} | {Cell(slow / ours, "0.00")} | ");
            sb.Append(ic, $"{(fast is { } fb ? Seconds(fb) : "")} | {Cell(fast / ours, "0.00")} | ");
            sb.Append(ic, $"{(overBar is { } ob ? $"{ob:0.00} (`{w.Bar}`{(w.BarTimes == 1 ? "" : $" × {w.BarTimes:0}")})" : "")} | {s.OurRss:0} " +
                $"| {(s.TheirRss > 0 ? s.TheirRss.ToString("0", ic) : "")} | {string.Join("; ", targets)} |\n");
        }
        sb.Append(ic, $"\nRun {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores. Medians of {reps} rounds after one warm-up (heavy " +
            $"rows: {heavyReps} round{(heavyReps == 1 ? "" : "s")}; 20 forwards before the 512), ");
        sb.Append(ic, $"each workload run on the Reference and then on the baseline(s) before the next; baseline: {baseline}. ");
        if (fastBaseline is not null)
            sb.Append(CultureInfo.InvariantCulture, $"OpenBLAS baseline (the same script, OpenBLAS first on LD_LIBRARY_PATH for its process only): " +
                $"{fastBaseline}. The speed targets hold against the faster baseline. ");
        sb.Append("Peak RSS: each process's resident peak during the workload (VmHWM reset before it), the resident models included.\n");
        WholeTable(sb, chosen, runs, fastBaseline is null ? "baseline" : "OpenBLAS baseline");
        if (peak is { } p) PeakTable(sb, chosen, runs, p.GFmaPerSecond, p.Unit);
        return sb.ToString();
    }

    static void WholeTable(StringBuilder sb, IReadOnlyList<Workload> chosen, IReadOnlyDictionary<string, Samples> runs, string who)
    {
        var rows = chosen.Where(w => runs[w.Name].Whole.Count > 0).ToList();
        if (rows.Count == 0) return;
        var ic = CultureInfo.InvariantCulture;
        sb.Append(ic, $"\n### Whole process\n\nEach method once in a fresh process per side (start-up, imports, the model and input built, the " +
            $"method, exit; wall time from spawn to exit as the bench sees it), against the {who}; medians of {runs[rows[0].Name].Whole.Count} " +
            $"run(s). Peak RSS: the process's whole life.\n\n");
        sb.Append($"| method | Reference whole (s) | of which the method (s) | {who} whole (s) | of which the method (s) | {who} / Reference " +
            "| Reference peak RSS (MB) | baseline peak RSS (MB) | targets |\n| --- | --: | --: | --: | --: | --: | --: | --: | --- |\n");
        foreach (var w in rows)
        {
            var runsW = runs[w.Name].Whole;
            double ow = Median(runsW.Select(x => x.Ours.Wall).ToList()), oi = Median(runsW.Select(x => x.Ours.InProcess).ToList());
            double tw = Median(runsW.Select(x => x.Theirs.Wall).ToList()), ti = Median(runsW.Select(x => x.Theirs.InProcess).ToList());
            double orss = runsW.Max(x => x.Ours.PeakRssMb), trss = runsW.Max(x => x.Theirs.PeakRssMb);
            var targets = new List<string> { Check($"≥ {w.MinSpeedup:0.0#}× faster whole-process", tw / ow >= w.MinSpeedup),
                Check($"peak RSS ≤ {MaxRssRatio}× the baseline's and ≤ {MaxWholeRssMb / 1000:0} GB", orss <= MaxRssRatio * trss && orss <= MaxWholeRssMb) };
            sb.Append(ic, $"| `{w.Name}` | {Seconds(ow)} | {Seconds(oi)} | {Seconds(tw)} | {Seconds(ti)} | {tw / ow:0.00} | {orss:0} | {trss:0} " +
                $"| {string.Join("; ", targets)} |\n");
        }
    }

    static void PeakTable(StringBuilder sb, IReadOnlyList<Workload> chosen, IReadOnlyDictionary<string, Samples> runs, double peak, string unit)
    {
        var ic = CultureInfo.InvariantCulture;
        sb.Append(ic, $"\n### Against this CPU's multiply-add peak\n\nFMA peak: **{peak:0.0} G FMA/s** on {TorchSharp.torch.get_num_threads()} threads " +
            $"({unit}; `FmaPeak`, measured at the start of this run). A row's rate is its forwards' multiply-adds (convolutions and dense " +
            $"layers) over its median time; Score-CAM's floor is its 512 masked forwards at the peak.\n\n");
        sb.Append("| workload | multiply-adds (G) | Reference median (s) | G FMA/s | share of the peak | Reference / FMA floor | targets |\n" +
            "| --- | --: | --: | --: | --: | --: | --- |\n");
        foreach (var w in chosen)
        {
            if (BenchWorkloads.Fmas(w.Name) is not { } fmas || runs[w.Name].Ours.Count == 0) continue;
            double s = Median(runs[w.Name].Ours), rate = fmas / s / 1e9, floor = fmas / 1e9 / peak;
            bool method = w.IsMethod;
            var target = w.Name == "vgg16_forward512" ? Check($"≥ {MinPeakShare:0%} of the peak", rate / peak >= MinPeakShare)
                : method ? Check($"≤ {MaxOverFloor:0.0#}× the FMA floor", s / floor <= MaxOverFloor) : "";
            sb.Append(ic, $"| `{w.Name}` | {fmas / 1e9:0.00} | {Seconds(s)} | {(method ? "" : $"{rate:0.0}")} | {(method ? "" : $"{rate / peak:0%}")} " +
                $"| {(method ? $"{s / floor:0.00} (floor {Seconds(floor)} s)" : "")} | {target} |\n");
        }
    }

    static string Check(string target, bool met) => $"{target}: {(met ? "met" : "**missed**")}";

    /// <summary>At least three significant digits: 255.4, 1.23, 0.0071.</summary>
    static string Seconds(double s) => s.ToString(s >= 100 ? "0.0" : s >= 1 ? "0.00" : s >= 0.1 ? "0.000" : "0.0000", CultureInfo.InvariantCulture);

    static string Cell(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "";

    public static double Median(List<double> t)
    {
        var s = t.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
