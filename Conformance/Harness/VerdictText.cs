using System.Globalization;

namespace KerasVis.Conformance.Harness;

/// <summary>
/// The numbers of one output's verdict as every writer shows them (the table, <c>--details</c>, report.html/md, JUnit),
/// so none of them misleads: a comparison that measured no values (shape, dtype, a missing output) or failed on NaN or
/// infinity says so instead of "0 %" and "max abs 0"; a share of the tolerance above 1000 % is "&gt;1000%" (its digits
/// mean nothing); ULPs are shown only for outputs judged in ULPs (an abs_rel output's ULP distance can be thousands while
/// it passes); an abs_rel tolerance whose relative part let a large error pass is marked as relative.
/// </summary>
public static class VerdictText
{
    /// <summary>How much of its tolerance an output used: "12.5%", "&gt;1000%", "∞", or what stopped the comparison.</summary>
    public static string Used(Comparison c)
    {
        if (c.Structural is { } s) return s;
        if (c.NanMismatches > 0) return $"NaN ×{c.NanMismatches}";
        if (c.InfMismatches > 0) return $"Inf ×{c.InfMismatches}";
        if (double.IsPositiveInfinity(c.Usage)) return "∞";
        if (double.IsNaN(c.Usage)) return "-";
        return c.Usage > 10 ? ">1000%" : c.Usage.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>The largest absolute error, "NaN" where NaN met a number, or "-" where no value was compared.</summary>
    public static string MaxAbs(Comparison c) =>
        c.Structural is not null ? "-" : c.NanMismatches > 0 ? "NaN" : c.MaxAbs.ToString("0.##E+0", CultureInfo.InvariantCulture);

    /// <summary>True when the output is judged in ULPs (exact or ulp tolerances), the only ones whose ULP distance means
    /// anything to the verdict.</summary>
    public static bool UlpMeaningful(OutputResult o) => o.Tolerance.Kind is ToleranceKind.Ulp or ToleranceKind.Exact && o.Comparison.Structural is null;

    /// <summary>The worst output's share first (a structural or special-value failure before any percentage).</summary>
    public static string WorstUsed(IReadOnlyList<OutputResult> outs)
    {
        if (outs.Count == 0) return "-";
        var special = outs.FirstOrDefault(o => !o.Comparison.Passed && (o.Comparison.Structural is not null || o.Comparison.NanMismatches > 0
            || o.Comparison.InfMismatches > 0));
        return Used((special ?? outs.MaxBy(o => o.Comparison.Usage)!).Comparison);
    }

    /// <summary>"relative" when an abs_rel output passed only through its relative part (its error above the absolute
    /// part): a large max abs beside "pass" is then no contradiction.</summary>
    public static string? RelativeNote(IReadOnlyList<OutputResult> outs) =>
        outs.Any(o => o.Comparison.Passed && o.Tolerance.Kind == ToleranceKind.AbsRel && o.Tolerance.Rel > 0 && o.Comparison.MaxAbs > o.Tolerance.Abs)
            ? "within the relative part of its tolerance" : null;
}
