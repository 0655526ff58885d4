using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

/// <summary>Hand-computed cases (values worked out in the comments), beside the oracle goldens.</summary>
public class UnpoolAndLossTests
{
    [Fact]
    public void Ties_go_to_the_first_maximum_and_odd_sizes_need_the_output_size()
    {
        // 3×3 input, one 2×2 window (VALID floors 3 → 1): [[5,5],[5,1]] → max 5 at (0,0), the first in row-major order.
        var x = tensor(new float[] { 5, 5, 0, 5, 1, 0, 0, 0, 0 }).reshape(1, 3, 3, 1);
        var sw = MaxUnpool.Pool(x);
        Assert.Equal(0L, sw.IndicesNchw.item<long>());
        var un = MaxUnpool.Unpool(sw.Pooled, sw.IndicesNchw, 3, 3);
        Assert.Equal(new float[] { 5, 0, 0, 0, 0, 0, 0, 0, 0 }, un.flatten().data<float>().ToArray());
        // with 2 channels the TF argmax interleaves channels: (h·W + w)·C + c = 0·2 + 1 for channel 1 at (0,0)
        var sw2 = MaxUnpool.Pool(cat([x, x], 3));
        Assert.Equal(new long[] { 0, 1 }, sw2.ArgmaxNhwc.flatten().data<long>().ToArray());
    }

    [Fact]
    public void Switches_outside_the_output_are_refused()
    {
        var sw = MaxUnpool.Pool(ones(1, 4, 4, 1));
        var e = Assert.Throws<ArgumentException>(() => MaxUnpool.Unpool(sw.Pooled, sw.IndicesNchw + 100, 4, 4));
        Assert.Contains("outside the 4×4 output", e.Message);
    }

    [Fact]
    public void Bce_is_a_mean_over_classes_and_clips_at_epsilon()
    {
        // y = [1, 0], p = [1, 0]: both clip to 1 − 1e-7 and 1e-7 → each term −log(0.99999988) ≈ 1.1920929e-7; mean the same.
        var v = KerasLosses.BinaryCrossentropy(tensor(new float[] { 1, 0 }).reshape(1, 2), tensor(new float[] { 1, 0 }).reshape(1, 2));
        Assert.Equal(1.1920929e-7, v.item<float>(), 12);
    }

    [Fact]
    public void Sparse_labels_out_of_range_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            KerasLosses.SparseCategoricalCrossentropy(tensor(new long[] { 3 }), tensor(new float[] { 0.1f, 0.2f, 0.7f }).reshape(1, 3)));
        Assert.Contains("[0, 2]", e.Message);
    }
}
