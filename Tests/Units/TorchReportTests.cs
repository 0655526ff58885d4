using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

/// <summary>The PyTorch report's pieces and the three ReLU backward rules on values small enough to work by hand.</summary>
public class TorchReportTests
{
    /// <summary>
    /// x (1×1×1×1) = 0.5 → conv 1×1 with weights (1, −1, 1), no bias → f = (0.5, −0.5, 0.5) → ReLU → conv 1×1 with
    /// weights (−2, 3, 4) → y. Projecting y back (its only activation, value 0.5·(−2) + 0 + 0.5·4 = 1) gives at the ReLU
    /// R = y·(−2, 3, 4) = (−2, 3, 4); then
    ///   gradient   R·[f &gt; 0]         = (−2, 0, 4)  → x: 1·(−2) − 1·0 + 1·4 = 2
    ///   deconvnet  max(R, 0)          = (0, 3, 4)   → x: 0 − 3 + 4         = 1
    ///   guided     R·[f &gt; 0]·[R &gt; 0] = (0, 0, 4)   → x: 4
    /// </summary>
    [Theory]
    [InlineData(ReluBackwardRule.Gradient, 2f)]
    [InlineData(ReluBackwardRule.Deconvnet, 1f)]
    [InlineData(ReluBackwardRule.GuidedBackprop, 4f)]
    public void ReluRulesByHand(ReluBackwardRule rule, float expected)
    {
        var spec = new ModelSpec("hand", "hand", ModelKind.Torchvision, [1, 1, 1],
            [new TorchConv2dSpec("features.0", 3, 1, 1, 0), new TorchReLUSpec("features.1"), new TorchConv2dSpec("features.2", 1, 1, 1, 0)], torchLayout: true);
        using var net = new SpecNet(spec);
        net.LoadStateDict(new Dictionary<string, NpyArray>
        {
            ["features.0.weight"] = NpyArray.FromFloats([1f, -1f, 1f], 3, 1, 1, 1),
            ["features.0.bias"] = NpyArray.FromFloats([0f, 0f, 0f], 3),
            ["features.2.weight"] = NpyArray.FromFloats([-2f, 3f, 4f], 1, 3, 1, 1),
            ["features.2.bias"] = NpyArray.FromFloats([0f], 1),
        });
        using var x = tensor(new[] { 0.5f }).reshape(1, 1, 1, 1);
        var p = Deconvnet.Project(net, x, "features.2", 0, ProjectionStart.TopActivation, rule);
        Assert.Equal([1L, 1, 1, 1], p.Shape);
        Assert.Equal(expected, p.AsFloats()[0]);
    }

    [Fact]
    public void OverlappingSwitchesSumLikeTheGradient()
    {
        // 1×1×3×3 input whose maximum (the centre, 9) is the argmax of all four 2×2 stride-1 windows: projecting the whole
        // pooled map (four 9s) puts 4 × 9 = 36 at the centre (max-pool's gradient would put 4 × 1 there)
        var spec = new ModelSpec("pool", "pool", ModelKind.Torchvision, [1, 3, 3], [new TorchMaxPool2dSpec("features.0", 2, 1)], torchLayout: true);
        using var net = new SpecNet(spec);
        using var x = tensor(new[] { 1f, 2f, 3f, 4f, 9f, 5f, 6f, 7f, 8f }).reshape(1, 1, 3, 3);
        var p = Deconvnet.Project(net, x, "features.0", 0, ProjectionStart.FeatureMap, ReluBackwardRule.Deconvnet).AsFloats();
        Assert.Equal([0f, 0, 0, 0, 36, 0, 0, 0, 0], p);
    }

    [Fact]
    public void CvResizeHalfPixelWeights()
    {
        // 2 → 4 (scale 0.5): f = (d + 0.5)·0.5 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamp, (0, 0.25), (0, 0.75), clamp to the last
        var (idx, frac) = CvResize.Coefficients(2, 4);
        Assert.Equal([0, 0, 0, 1], idx);
        Assert.Equal([0f, 0.25f, 0.75f, 0f], frac);
        var r = CvResize.Linear([10f, 20f], 1, 2, 1, 1, 4);
        Assert.Equal([10f, 12.5f, 17.5f, 20f], r);
    }

    [Fact]
    public void AllZeroCamNormalizesToNaNAsNumpyDoes()
    {
        var cam = new float[] { 0, 0, 0, 0 };
        TorchGradCam.MinMax(cam);
        Assert.All(cam, v => Assert.True(float.IsNaN(v)));
        var ok = new float[] { 1, 3, 2, 5 };
        TorchGradCam.MinMax(ok);
        Assert.Equal([0f, 0.5f, 0.25f, 1f], ok);
    }

    [Fact]
    public void ReprocessInvertsPreprocessUpToUint8Truncation()
    {
        var rgb = NpyArray.FromBytes(Enumerable.Range(0, 4 * 4 * 3).Select(i => (byte)(i * 5)).ToArray(), 4, 4, 3);
        var x = TorchPreprocess.PreprocessImage(rgb, 4);              // same size: the resize is the identity
        Assert.Equal([1L, 3, 4, 4], x.Shape);
        Assert.Equal((0f / 255f - 0.485f) / 0.229f, x.AsFloats()[0]);
        var back = TorchPreprocess.ReprocessImage(x).Data;
        for (int i = 0; i < back.Length; i++) Assert.InRange(rgb.Data[i] - back[i], 0, 1);
        Assert.Throws<ArgumentException>(() => TorchPreprocess.PreprocessImage(NpyArray.FromFloats([1f, 2f, 3f], 1, 1, 3)));
    }

    [Fact]
    public void StateDictFolderFromTorchLoadsByKey()
    {
        var dir = Path.Combine(GoldenRepository.Root(), "fixtures", "weights", "deconv-small");
        var sd = WeightFiles.ReadStateDict(dir);
        Assert.Equal(["features.0.bias", "features.0.weight", "features.3.bias", "features.3.weight"], sd.Keys.Order(StringComparer.Ordinal));
        using var net = new SpecNet(ModelZoo.Get("deconv-small"));
        net.LoadStateDict(sd);
        Assert.Equal(sd["features.3.weight"].Data, net.StateDictArrays()["features.3.weight"].Data);
        var e = Assert.Throws<ArgumentException>(() => new SpecNet(ModelZoo.Get("alexnet")).LoadStateDict(sd));
        Assert.Contains("missing: features.6.weight", e.Message);   // alexnet has features.0/3 too, and more
        sd["extra.weight"] = sd["features.0.weight"];
        var e2 = Assert.Throws<ArgumentException>(() => new SpecNet(ModelZoo.Get("deconv-small")).LoadStateDict(sd));
        Assert.Contains("unexpected: extra.weight", e2.Message);
        Assert.Throws<DirectoryNotFoundException>(() => WeightFiles.ReadStateDict(Path.Combine(dir, "absent")));
    }

    [Fact]
    public void InplaceAliasingOnlyAtAConvFollowedByReLU()
    {
        using var net = new SpecNet(ModelZoo.Get("alexnet"));
        net.LoadStateDict(WeightFiles.HashStateDict(net.Spec, 1));
        using var x = rand(1, 3, 224, 224);
        var aliased = TorchGradCam.Compute(net, x, "features.10", 3, TorchCamOrder.ResizeThenRelu, inplaceReluAliasing: true);
        var plain = TorchGradCam.Compute(net, x, "features.10", 3, TorchCamOrder.ResizeThenRelu, inplaceReluAliasing: false);
        var relu = TorchGradCam.Compute(net, x, "features.11", 3, TorchCamOrder.ResizeThenRelu);
        Assert.Contains(plain.Activations.AsFloats(), v => v < 0);           // pre-ReLU map
        Assert.Equal(relu.Activations.Data, aliased.Activations.Data);       // the in-place ReLU's output
        Assert.NotEqual(relu.Gradients.Data, aliased.Gradients.Data);        // but the conv output's (masked) gradient
        Assert.Equal(plain.Gradients.Data, aliased.Gradients.Data);
    }
}
