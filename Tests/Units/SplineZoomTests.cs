using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Numerics;
using Xunit;

namespace KerasVis.Tests.Units;

public class SplineZoomTests
{
    [Fact]
    public void Output_size_rounds_half_to_even_like_Python()
    {
        // round(12.5) = 12, round(7.5) = 8, round(3 * 28/3) = 28 (docs/methods/spline-zoom.md)
        Assert.Equal([12, 8, 28], SplineZoom.OutputShape([5, 3, 3], [2.5, 2.5, 28.0 / 3]));
    }

    [Fact]
    public void Order1_is_corner_aligned_linear_interpolation()
    {
        // [0, 3] to 4 samples: cc = 0, 1/3, 2/3, 1 -> 0, 1, 2, 3 (hand-computed)
        var r = SplineZoom.Zoom([0f, 3f], [2], [2.0], 1);
        Assert.Equal([0f, 1f, 2f, 3f], r);
    }

    public static IEnumerable<object[]> ZoomCases() =>
        Conformance.Harness.GoldenRepository.LoadAll().Where(c => c.Method == "spline_zoom").Select(c => new object[] { c.Id });

    /// <summary>The zoom goldens allow a few eps of the input's scale (any correct op order passes); the Reference
    /// promises more: SciPy 1.10.1's own operation order, bit for bit (docs/methods/spline-zoom.md).</summary>
    [Theory]
    [MemberData(nameof(ZoomCases))]
    public void The_reference_zoom_is_bit_identical_to_scipy(string caseId)
    {
        var c = Conformance.Harness.GoldenRepository.LoadAll().Single(x => x.Id == caseId);
        var outputs = new ReferenceBackend.TorchSharpBackend().Run(c, c.ReadInputs(), "cpu");
        var spec = c.Outputs.Single(o => o.Name == "zoomed");
        var golden = c.ReadArray(spec.ArraySpec);
        var bits = new Conformance.Harness.Tolerance(Conformance.Harness.ToleranceKind.Exact, "bit for bit");
        var r = Conformance.Harness.ArrayComparer.Compare(outputs.Arrays["zoomed"], golden, bits, spec.File);
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_a_message()
    {
        var a = NpyArray.FromFloats([1f, 2f, 3f], 3);
        Assert.Contains("2 factors for an input of rank 1", Assert.Throws<ArgumentException>(() => SplineZoom.Zoom(a, [2.0, 2.0], 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SplineZoom.Zoom(a, [2.0], 4));
        Assert.Throws<NotSupportedException>(() => SplineZoom.Zoom(a, [2.0], 2, ZoomMode.Nearest));
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => SplineZoom.Zoom(a, [double.NaN], 1)).Message);
        Assert.Contains("float32 or float64", Assert.Throws<ArgumentException>(() => SplineZoom.Zoom(NpyArray.FromInt32([1, 2], 2), [2.0], 1)).Message);
    }
}
