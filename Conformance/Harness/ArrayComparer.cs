using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>
/// The one array comparison of the suite. In order: shape, dtype, then the special values (NaN must meet NaN; ±Inf must
/// be equal; under <c>exact</c> the sign of zero counts), then values under the case's tolerance:
/// <c>exact</c> (bit-equal), <c>ulp</c> (distance in units in the last place of the golden's float type, ±0 at distance 0),
/// <c>abs_rel</c> (|a − e| ≤ abs + rel·|e|; for integer outputs such as uint8 images, |a − e| ≤ abs). <c>Usage</c> is the
/// largest fraction of the allowance any element uses (1 = at the limit), so a report shows how tight a tolerance is;
/// under an outlier allowance each element's share is |a − e| / outlier_abs (its outer bound) and the count beyond the
/// tight bound is a share of the budget (a near-miss of the tight bound is what the budget exists for).
/// A failure says how many elements differ, the greatest absolute error and its
/// index, the greatest ULP distance and its index, the allowed tolerance and the golden file.
/// </summary>
public static class ArrayComparer
{
    public static Comparison Compare(NpyArray actual, NpyArray expected, Tolerance tol, string goldenFile)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
            return Fail($"shape {NpyArray.FormatShape(actual.Shape)} differs from the golden's {NpyArray.FormatShape(expected.Shape)} ({goldenFile})") with { Structural = "shape" };
        if (actual.DType != expected.DType)
            return Fail($"dtype {NpyDTypes.Descr(actual.DType)} differs from the golden's {NpyDTypes.Descr(expected.DType)} ({goldenFile})") with { Structural = "dtype" };
        bool isFloat = expected.DType is NpyDType.Float32 or NpyDType.Float64;
        long n = expected.Length, mismatched = 0, maxUlp = 0, maxUlpAt = -1, maxAbsAt = -1, firstBad = -1, outliers = 0;
        bool allowOutliers = tol.Kind == ToleranceKind.AbsRel && tol.OutlierFraction > 0;
        long outlierBudget = allowOutliers ? (long)Math.Floor(tol.OutlierFraction * n) : 0;
        double maxAbs = 0, usage = 0;
        long nanBad = 0, infBad = 0;
        string? special = null;
        for (long i = 0; i < n; i++)
        {
            double a = actual.GetDouble(i), e = expected.GetDouble(i);
            bool ok;
            if (!isFloat)
            {
                double abs = Math.Abs(a - e);
                if (abs > maxAbs) { maxAbs = abs; maxAbsAt = i; }
                ok = tol.Kind == ToleranceKind.AbsRel ? abs <= tol.Abs : a == e;
                if (!ok && allowOutliers && abs <= tol.OutlierAbs)
                {
                    ok = true; outliers++;
                    usage = Math.Max(usage, abs / tol.OutlierAbs);
                }
                else if (allowOutliers && ok) usage = Math.Max(usage, abs / tol.OutlierAbs);
                else if (abs > 0) usage = Math.Max(usage, tol.Kind == ToleranceKind.AbsRel && tol.Abs > 0 ? abs / tol.Abs : double.PositiveInfinity);
            }
            else if (double.IsNaN(e) || double.IsNaN(a))
            {
                ok = double.IsNaN(e) && double.IsNaN(a);
                if (!ok) nanBad++;
                if (!ok) special ??= $"NaN rule: golden {Fmt(e)} vs actual {Fmt(a)} at {expected.IndexOf(i)}";
            }
            else if (double.IsInfinity(e) || double.IsInfinity(a))
            {
                ok = a == e;
                if (!ok) infBad++;
                if (!ok) special ??= $"infinity rule: golden {Fmt(e)} vs actual {Fmt(a)} at {expected.IndexOf(i)}";
            }
            else
            {
                double abs = Math.Abs(a - e);
                long u = UlpDistance(actual, expected, i);
                if (abs > maxAbs) { maxAbs = abs; maxAbsAt = i; }
                if (u > maxUlp) { maxUlp = u; maxUlpAt = i; }
                ok = tol.Kind switch
                {
                    ToleranceKind.Exact => a == e && (a != 0 || double.IsNegative(a) == double.IsNegative(e)),
                    ToleranceKind.Ulp => u <= tol.MaxUlp,
                    _ => abs <= tol.Abs + tol.Rel * Math.Abs(e),
                };
                double allowed = tol.Kind switch { ToleranceKind.Exact => 0, ToleranceKind.Ulp => tol.MaxUlp, _ => tol.Abs + tol.Rel * Math.Abs(e) };
                double used = tol.Kind == ToleranceKind.Ulp ? u : abs;
                if (!ok && allowOutliers && abs <= tol.OutlierAbs)
                {
                    ok = true; outliers++;
                    usage = Math.Max(usage, abs / tol.OutlierAbs);
                }
                else if (allowOutliers && ok) usage = Math.Max(usage, abs / tol.OutlierAbs);
                else if (used > 0) usage = Math.Max(usage, allowed > 0 ? used / allowed : double.PositiveInfinity);
                if (!ok && a == 0 && e == 0) special ??= $"signed-zero rule: golden {Fmt(e)} vs actual {Fmt(a)} at {expected.IndexOf(i)}";
            }
            if (!ok) { mismatched++; if (firstBad < 0) firstBad = i; }
        }
        if (outliers > outlierBudget)
        {
            return new Comparison(false, $"{outliers} / {n} elements ({100.0 * outliers / n:0.###}%) are outside |a−e| ≤ {tol.Abs:G3} + {tol.Rel:G3}·|e|; " +
                $"at most {outlierBudget} ({tol.OutlierFraction:P3}) may be ({tol.Reason}); golden file {goldenFile}", maxAbs,
                maxAbsAt >= 0 ? expected.IndexOf(maxAbsAt) : "-", maxUlp, maxUlpAt >= 0 ? expected.IndexOf(maxUlpAt) : "-", outliers, n,
                (double)outliers / Math.Max(1, outlierBudget));
        }
        if (allowOutliers) usage = Math.Max(usage, outlierBudget > 0 ? (double)outliers / outlierBudget : 0);
        string absAt = maxAbsAt >= 0 ? expected.IndexOf(maxAbsAt) : "-";
        string ulpAt = maxUlpAt >= 0 ? expected.IndexOf(maxUlpAt) : "-";
        if (mismatched == 0)
            return new Comparison(true, $"max abs {maxAbs:G3} at {absAt}, max ulp {maxUlp} at {ulpAt} (allowed {tol})", maxAbs, absAt, maxUlp, ulpAt, 0, n, usage);
        var msg = $"Mismatched elements: {mismatched} / {n} ({100.0 * mismatched / Math.Max(1, n):0.###}%); " +
                  $"greatest abs difference {maxAbs:G6} at {absAt}; greatest ULP distance {maxUlp} at {ulpAt}; " +
                  $"first mismatch at {expected.IndexOf(firstBad)}: golden {Fmt(expected.GetDouble(firstBad))}, actual {Fmt(actual.GetDouble(firstBad))}; " +
                  $"allowed {tol} ({tol.Reason}); golden file {goldenFile}" + (special is null ? "" : $"; {special}");
        return new Comparison(false, msg, maxAbs, absAt, maxUlp, ulpAt, mismatched, n, usage) { NanMismatches = nanBad, InfMismatches = infBad };
    }

    static Comparison Fail(string m) => new(false, m);

    static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Distance in ULPs in the golden's float type (0 for integers and for +0 vs −0).</summary>
    public static long UlpDistance(NpyArray actual, NpyArray expected, long i)
    {
        if (expected.DType == NpyDType.Float32)
            return UlpDistance(BitConverter.ToSingle(actual.Data, (int)i * 4), BitConverter.ToSingle(expected.Data, (int)i * 4));
        if (expected.DType == NpyDType.Float64)
            return UlpDistance(BitConverter.ToDouble(actual.Data, (int)i * 8), BitConverter.ToDouble(expected.Data, (int)i * 8));
        return 0;
    }

    public static long UlpDistance(float a, float b)
    {
        long ia = Ordered(BitConverter.SingleToInt32Bits(a)), ib = Ordered(BitConverter.SingleToInt32Bits(b));
        return Math.Abs(ia - ib);
        static long Ordered(int bits) => bits < 0 ? (long)int.MinValue - bits : bits;
    }

    public static long UlpDistance(double a, double b)
    {
        Int128 ia = Ordered(BitConverter.DoubleToInt64Bits(a)), ib = Ordered(BitConverter.DoubleToInt64Bits(b));
        var d = Int128.Abs(ia - ib);
        return d > long.MaxValue ? long.MaxValue : (long)d;
        static Int128 Ordered(long bits) => bits < 0 ? (Int128)long.MinValue - bits : bits;
    }
}
