using System.Globalization;
using KerasVis.Conformance.Harness;

namespace KerasVis.Cli;

/// <summary>
/// The check table a person reads: per case its status and the share of its tolerance used (the headline: how close
/// it came to failing), then the largest absolute error, and the largest ULP distance only for outputs compared in ULPs
/// or exactly (elsewhere ULPs near zero say nothing); a failure names what kind (NaN, Inf, dtype, shape, missing) with
/// counts. Identical skip reasons are printed once, with a count, at the end; then seconds per family.
/// </summary>
public sealed class CheckTable(int cases, int idWidth, bool details)
{
    readonly Dictionary<string, int> skipReasons = new(StringComparer.Ordinal);
    readonly int counterWidth = cases.ToString(CultureInfo.InvariantCulture).Length * 2 + 4;

    public void Header()
    {
        Console.WriteLine($"{"".PadRight(counterWidth)}{"case".PadRight(idWidth)}  {"status",-7}  {"tol used",8}  {"max abs",10}  {"max ulp",8}  notes");
    }

    public void Row(CaseResult r, int i)
    {
        var status = r.Status switch
        {
            CaseStatus.Passed => "pass", CaseStatus.Failed => "FAIL", CaseStatus.Skipped => "skip",
            CaseStatus.ExpectedFailure => "xfail", _ => "XPASS",
        };
        var outs = r.Outputs;
        string used = VerdictText.WorstUsed(outs);
        var valued = outs.Where(o => o.Comparison.Structural is null).ToList();
        string abs = valued.Count == 0 ? "-"
            : VerdictText.MaxAbs(valued.MaxBy(o => o.Comparison.NanMismatches > 0 ? double.PositiveInfinity : o.Comparison.MaxAbs)!.Comparison);
        var ulpOuts = outs.Where(VerdictText.UlpMeaningful).ToList();
        string ulp = ulpOuts.Count == 0 ? "-" : ulpOuts.Max(o => o.Comparison.MaxUlp).ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"{$"[{i}/{cases}]".PadRight(counterWidth)}{r.CaseId.PadRight(idWidth)}  {Colour.Status(status, status.PadRight(7))}  {used,8}  " +
            $"{abs,10}  {ulp,8}  {Notes(r)}");
        if (details)
            foreach (var o in outs)
            {
                var ulpText = VerdictText.UlpMeaningful(o) ? $", max ulp {o.Comparison.MaxUlp} at {o.Comparison.MaxUlpIndex ?? "-"}" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {o.Name,-24} {VerdictText.Used(o.Comparison),8} of {o.Tolerance}; max abs {VerdictText.MaxAbs(o.Comparison)} " +
                        $"at {o.Comparison.MaxAbsIndex ?? "-"}{ulpText}"));
            }
        if (r.Status == CaseStatus.Skipped)
        {
            skipReasons[r.Message] = skipReasons.GetValueOrDefault(r.Message) + 1;
            if (details) Console.WriteLine($"    skipped: {r.Message}");
        }
    }

    /// <summary>What kind of failure: NaN ×k, Inf ×k, dtype, shape, missing, or the count of elements outside.</summary>
    static string Notes(CaseResult r)
    {
        if (r.Status is CaseStatus.Passed or CaseStatus.UnexpectedPass) return VerdictText.RelativeNote(r.Outputs) ?? "";
        if (r.Status is not (CaseStatus.Failed or CaseStatus.ExpectedFailure)) return "";
        if (r.Outputs.Count == 0) return "the backend failed (see below)";
        var bad = r.Outputs.Where(o => !o.Comparison.Passed).ToList();
        var parts = new List<string>();
        foreach (var o in bad)
        {
            var c = o.Comparison;
            if (c.Structural is { } s) parts.Add($"{o.Name}: {s}");
            else if (c.NanMismatches > 0 || c.InfMismatches > 0)
                parts.Add($"{o.Name}: " + string.Join(", ", new[] { c.NanMismatches > 0 ? $"NaN ×{c.NanMismatches}" : null,
                    c.InfMismatches > 0 ? $"Inf ×{c.InfMismatches}" : null }.OfType<string>()));
            else parts.Add(string.Create(CultureInfo.InvariantCulture, $"{o.Name}: {c.Mismatched}/{c.Count} outside"));
        }
        return string.Join("; ", parts.Take(3)) + (parts.Count > 3 ? $"; +{parts.Count - 3} more" : "");
    }


    /// <summary>Each skip reason once with its count; a CUDA reason with how to get the CUDA rows.</summary>
    public void SkipSummary()
    {
        foreach (var (reason, n) in skipReasons.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"skipped {n} case{(n == 1 ? "" : "s")}: {reason}");
            if (reason.Contains("CUDA", StringComparison.Ordinal))
                Console.WriteLine("  to run the CUDA rows: build on a machine with an NVIDIA GPU and a CUDA libtorch (TorchSharp-cuda-linux in place of " +
                    "TorchSharp-cpu), then `check --device cuda`");
        }
    }

    public static void FamilySeconds(CheckSummary s) => Console.WriteLine("seconds per family: " + s.FamilySecondsText());

    /// <summary>The whole command's wall time since the process started and its resident peak (what docs/performance.md
    /// quotes for `make run`).</summary>
    public static void ProcessFigures()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        double seconds = (DateTime.Now - self.StartTime).TotalSeconds, gb = self.PeakWorkingSet64 / 1e9;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"process: {seconds:0.0} s since start, peak RSS {gb:0.00} GB"));
    }
}
