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
            return Fail($"shape {NpyArray.FormatShape(actual.Shape)} differs from the golden's {NpyArray.FormatShape(expected.Shape)} ({goldenFile})")
                with { Structural = "shape" };
        if (actual.DType != expected.DType)
            return Fail($"dtype {NpyDTypes.Descr(actual.DType)} differs from the golden's {NpyDTypes.Descr(expected.DType)} ({goldenFile})")
                with { Structural = "dtype" };
        var tally = new Tally(actual, expected, tol);
        for (long i = 0; i < expected.Length; i++) tally.Add(i);
        return tally.Result(goldenFile);
    }

    /// <summary>The running totals of one comparison: each element judged by its rule (integer, NaN, infinity, finite),
    /// its share of the allowance and of the outlier budget, then the verdict and its message.</summary>
    sealed class Tally(NpyArray actual, NpyArray expected, Tolerance tol)
    {
        readonly bool isFloat = expected.DType is NpyDType.Float32 or NpyDType.Float64;
        readonly bool allowOutliers = tol.Kind == ToleranceKind.AbsRel && tol.OutlierFraction > 0;
        long mismatched, maxUlp, maxUlpAt = -1, maxAbsAt = -1, firstBad = -1, outliers, nanBad, infBad;
        double maxAbs, usage;
        string? special;

        long N => expected.Length;
        long OutlierBudget => allowOutliers ? (long)Math.Floor(tol.OutlierFraction * N) : 0;

        public void Add(long i)
        {
            double a = actual.GetDouble(i), e = expected.GetDouble(i);
            bool ok = !isFloat ? Integer(a, e, i)
                : double.IsNaN(e) || double.IsNaN(a) ? Special(double.IsNaN(e) && double.IsNaN(a), ref nanBad, "NaN", a, e, i)
                : double.IsInfinity(e) || double.IsInfinity(a) ? Special(a == e, ref infBad, "infinity", a, e, i)
                : Finite(a, e, i);
            if (!ok) { mismatched++; if (firstBad < 0) firstBad = i; }
        }

        bool Integer(double a, double e, long i)
        {
            double abs = Track(Math.Abs(a - e), i);
            bool ok = tol.Kind == ToleranceKind.AbsRel ? abs <= tol.Abs : a == e;
            return Share(ok, abs, abs, tol.Kind == ToleranceKind.AbsRel ? tol.Abs : 0);
        }

        bool Special(bool ok, ref long count, string rule, double a, double e, long i)
        {
            if (ok) return true;
            count++;
            special ??= $"{rule} rule: golden {Fmt(e)} vs actual {Fmt(a)} at {expected.IndexOf(i)}";
            return false;
        }

        bool Finite(double a, double e, long i)
        {
            double abs = Track(Math.Abs(a - e), i);
            long u = UlpDistance(actual, expected, i);
            if (u > maxUlp) { maxUlp = u; maxUlpAt = i; }
            bool ok = tol.Kind switch
            {
                ToleranceKind.Exact => a == e && (a != 0 || double.IsNegative(a) == double.IsNegative(e)),
                ToleranceKind.Ulp => u <= tol.MaxUlp,
                _ => abs <= tol.Abs + tol.Rel * Math.Abs(e),
            };
            double allowed = tol.Kind switch { ToleranceKind.Exact => 0, ToleranceKind.Ulp => tol.MaxUlp, _ => tol.Abs + tol.Rel * Math.Abs(e) };
            ok = Share(ok, abs, tol.Kind == ToleranceKind.Ulp ? u : abs, allowed);
            if (!ok && a == 0 && e == 0) special ??= $"signed-zero rule: golden {Fmt(e)} vs actual {Fmt(a)} at {expected.IndexOf(i)}";
            return ok;
        }

        double Track(double abs, long i)
        {
            if (abs > maxAbs) { maxAbs = abs; maxAbsAt = i; }
            return abs;
        }

        /// <summary>The element's share of the allowance: under an outlier budget |a − e| / outlier_abs (and an element
        /// past the tight bound but within outlier_abs is an outlier, not a mismatch), otherwise used / allowed.</summary>
        bool Share(bool ok, double abs, double used, double allowed)
        {
            if (!ok && allowOutliers && abs <= tol.OutlierAbs)
            {
                outliers++;
                usage = Math.Max(usage, abs / tol.OutlierAbs);
                return true;
            }
            if (allowOutliers && ok) usage = Math.Max(usage, abs / tol.OutlierAbs);
            else if (used > 0) usage = Math.Max(usage, allowed > 0 ? used / allowed : double.PositiveInfinity);
            return ok;
        }

        public Comparison Result(string goldenFile)
        {
            long budget = OutlierBudget;
            string absAt = maxAbsAt >= 0 ? expected.IndexOf(maxAbsAt) : "-";
            string ulpAt = maxUlpAt >= 0 ? expected.IndexOf(maxUlpAt) : "-";
            if (outliers > budget)
                return new Comparison(false,
                    $"{outliers} / {N} elements ({100.0 * outliers / N:0.###}%) are outside |a−e| ≤ {tol.Abs:G3} + {tol.Rel:G3}·|e|; " +
                    $"at most {budget} ({tol.OutlierFraction:P3}) may be ({tol.Reason}); golden file {goldenFile}", maxAbs,
                    absAt, maxUlp, ulpAt, outliers, N, (double)outliers / Math.Max(1, budget));
            if (allowOutliers) usage = Math.Max(usage, budget > 0 ? (double)outliers / budget : 0);
            if (mismatched == 0)
                return new Comparison(true, $"max abs {maxAbs:G3} at {absAt}, max ulp {maxUlp} at {ulpAt} (allowed {tol})", maxAbs, absAt, maxUlp, ulpAt, 0,
                    N, usage);
            var specials = nanBad + infBad > 0 ? $" ({nanBad} NaN and {infBad} infinity mismatches; the differences below are over the finite " +
                "elements)" : "";
            var ulpPart = tol.Kind == ToleranceKind.AbsRel ? "" : $"; greatest ULP distance {maxUlp} at {ulpAt}";
            var msg = $"Mismatched elements: {mismatched} / {N} ({100.0 * mismatched / Math.Max(1, N):0.###}%){specials}; " +
                      $"greatest abs difference {maxAbs:G6} at {absAt}{ulpPart}; " +
                      $"first mismatch at {expected.IndexOf(firstBad)}: golden {Fmt(expected.GetDouble(firstBad))}, " +
                          $"actual {Fmt(actual.GetDouble(firstBad))}; " +
                      $"allowed {tol} ({tol.Reason}); golden file {goldenFile}" + (special is null ? "" : $"; {special}");
            return new Comparison(false, msg, maxAbs, absAt, maxUlp, ulpAt, mismatched, N, usage) { NanMismatches = nanBad, InfMismatches = infBad };
        }
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
