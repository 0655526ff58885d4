using System.Globalization;
using System.Text;

namespace KerasVis.Cli.Bench;

/// <summary>The benchmark's markdown table: medians, ratios, peak RSS, and each issue-17 target as met or missed.</summary>
public static class BenchTable
{
    /// <summary>Peak RSS may be at most this multiple of the baseline's (issue 17: weights held once, no copies kept).</summary>
    public const double MaxRssRatio = 1.5;

    public static string Markdown(IReadOnlyList<Workload> chosen, IReadOnlyDictionary<string, Samples> runs, int reps, int heavyReps, string baseline,
        string? fastBaseline = null)
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
            if (w.Baseline && s.TheirRss > 0)
                targets.Add(Check($"RSS ≤ {MaxRssRatio}× the baseline's", s.OurRss <= MaxRssRatio * s.TheirRss));
            if (w.Name.StartsWith("zoom_", StringComparison.Ordinal) && theirs is { } tz)
                targets.Add(Check("at least SciPy's speed", tz / ours >= 1.0));
            sb.Append(ic, $"| `{w.Name}` — {w.What} | {Seconds(ours)} | {(slow is { } th ? Seconds(th) : "")} | {Cell(slow / ours, "0.00")} | ");
            sb.Append(ic, $"{(fast is { } fb ? Seconds(fb) : "")} | {Cell(fast / ours, "0.00")} | ");
            sb.Append(ic, $"{(overBar is { } ob ? $"{ob:0.00} (`{w.Bar}`{(w.BarTimes == 1 ? "" : $" × {w.BarTimes:0}")})" : "")} | {s.OurRss:0} " +
                $"| {(s.TheirRss > 0 ? s.TheirRss.ToString("0", ic) : "")} | {string.Join("; ", targets)} |\n");
        }
        sb.Append(ic, $"\nRun {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores. Medians of {reps} rounds after one warm-up (heavy " +
            $"rows: {heavyReps} round{(heavyReps == 1 ? "" : "s")}, no warm-up), ");
        sb.Append(ic, $"each workload run on the Reference and then on the baseline(s) before the next; baseline: {baseline}. ");
        if (fastBaseline is not null)
            sb.Append(CultureInfo.InvariantCulture, $"OpenBLAS baseline (the same script, OpenBLAS first on LD_LIBRARY_PATH for its process only): " +
                $"{fastBaseline}. The speed targets hold against the faster baseline. ");
        sb.Append("Peak RSS: each process's resident peak during the workload (VmHWM reset before it), the resident models included.\n");
        return sb.ToString();
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
