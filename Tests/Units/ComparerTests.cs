using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using Xunit;

namespace KerasVis.Tests.Units;

public class ComparerTests
{
    static readonly Tolerance Exact = new(ToleranceKind.Exact, "test");
    static readonly Tolerance Ulp2 = new(ToleranceKind.Ulp, "test", MaxUlp: 2);

    [Fact]
    public void Ulp_distance_counts_representable_floats_between()
    {
        Assert.Equal(1, ArrayComparer.UlpDistance(1f, MathF.BitIncrement(1f)));
        Assert.Equal(0, ArrayComparer.UlpDistance(0f, -0f));
        Assert.Equal(2, ArrayComparer.UlpDistance(float.Epsilon, -float.Epsilon));
        Assert.Equal(3, ArrayComparer.UlpDistance(1.0, Math.BitIncrement(Math.BitIncrement(Math.BitIncrement(1.0)))));
    }

    [Fact]
    public void A_failure_reports_count_index_errors_tolerance_and_file()
    {
        var e = NpyArray.FromFloats([1f, 2f, 3f, 4f], 2, 2);
        var a = NpyArray.FromFloats([1f, 2f, MathF.BitIncrement(MathF.BitIncrement(MathF.BitIncrement(3f))), 4f], 2, 2);
        var r = ArrayComparer.Compare(a, e, Ulp2, "golden/x/y.npy");
        Assert.False(r.Passed);
        Assert.Equal(1, r.Mismatched);
        Assert.Equal(3, r.MaxUlp);
        Assert.Equal("[1, 0]", r.MaxUlpIndex);
        Assert.Contains("Mismatched elements: 1 / 4", r.Message);
        Assert.Contains("≤ 2 ulp", r.Message);
        Assert.Contains("golden/x/y.npy", r.Message);
    }

    [Fact]
    public void Shape_is_checked_before_dtype_and_values()
    {
        var r = ArrayComparer.Compare(NpyArray.FromDoubles([1, 2], 2), NpyArray.FromFloats([1, 2, 3], 3), Exact, "g.npy");
        Assert.Contains("shape (2,) differs from the golden's (3,)", r.Message);
        r = ArrayComparer.Compare(NpyArray.FromDoubles([1, 2], 2), NpyArray.FromFloats([1, 2], 2), Exact, "g.npy");
        Assert.Contains("dtype <f8 differs from the golden's <f4", r.Message);
    }

    [Fact]
    public void Nan_must_meet_nan_and_exact_checks_the_sign_of_zero()
    {
        Assert.True(ArrayComparer.Compare(NpyArray.FromFloats([float.NaN], 1), NpyArray.FromFloats([float.NaN], 1), Exact, "g").Passed);
        var r = ArrayComparer.Compare(NpyArray.FromFloats([0f], 1), NpyArray.FromFloats([float.NaN], 1), Ulp2, "g");
        Assert.False(r.Passed);
        Assert.Contains("NaN rule", r.Message);
        Assert.False(ArrayComparer.Compare(NpyArray.FromFloats([-0f], 1), NpyArray.FromFloats([0f], 1), Exact, "g").Passed);
        Assert.True(ArrayComparer.Compare(NpyArray.FromFloats([-0f], 1), NpyArray.FromFloats([0f], 1), Ulp2, "g").Passed);
        Assert.False(ArrayComparer.Compare(NpyArray.FromFloats([float.MaxValue], 1), NpyArray.FromFloats([float.PositiveInfinity], 1), Ulp2, "g").Passed);
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("uint8")]
    public void An_outlier_budget_admits_that_many_elements_within_the_outlier_bound_for_floats_and_integers(string dtype)
    {
        // 10 elements, tight bound 1, outliers: 20 % of them (2), each within 4
        var tol = new Tolerance(ToleranceKind.AbsRel, "test", Abs: 1, OutlierFraction: 0.2, OutlierAbs: 4);
        NpyArray Make(params double[] v) => dtype == "uint8"
            ? NpyArray.FromBytes(v.Select(x => (byte)x).ToArray(), v.Length)
            : NpyArray.FromFloats(v.Select(x => (float)x).ToArray(), v.Length);
        var e = Make(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        var two = ArrayComparer.Compare(Make(13, 14, 11, 10, 10, 10, 10, 10, 10, 10), e, tol, "g");
        Assert.True(two.Passed, two.Message);
        Assert.Equal(1.0, two.Usage, 6);                       // the worst outlier is at its bound (4 of 4), 2 of 2 used
        var three = ArrayComparer.Compare(Make(13, 14, 12, 10, 10, 10, 10, 10, 10, 10), e, tol, "g");
        Assert.False(three.Passed);                            // a third element beyond the tight bound
        Assert.Contains("3 / 10 elements", three.Message);
        var far = ArrayComparer.Compare(Make(15, 10, 10, 10, 10, 10, 10, 10, 10, 10), e, tol, "g");
        Assert.False(far.Passed);                              // one element beyond the outlier bound
    }

    [Fact]
    public void Text_mismatch_names_line_and_column()
    {
        var r = TextComparer.Exact("a\nbcd\n", "a\nbxd\n", "golden/t.txt");
        Assert.False(r.Passed);
        Assert.Contains("line 2, column 2", r.Message);
    }
}
