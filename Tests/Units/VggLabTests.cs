using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>Facts about the VGG16 lab's helpers that are stated in Pillow's, NumPy's, matplotlib's and tf-keras-vis's
/// sources (docs/methods/tf-keras-vis.md, heatmap.md, imagenet-io.md), checked one by one; the golden cases check the same code on real data.</summary>
public class VggLabTests
{
    [Fact]
    public void PillowNearestAccumulatesItsStep()
    {
        // Pillow 9.4, 300 -> 224: the first source columns (docs/methods/imagenet-io.md, verified against Pillow)
        Assert.Equal(new[] { 0, 2, 3, 4, 6, 7, 8, 10, 11, 12, 14, 15 }, KerasImage.SourceIndices(300, 224).Take(12));
        // 640 -> 224: the accumulated step differs from floor((i + 0.5) * 640 / 224) in exactly 20 columns
        var acc = KerasImage.SourceIndices(640, 224);
        int differ = Enumerable.Range(0, 224).Count(i => acc[i] != (int)Math.Floor((i + 0.5) * 640 / 224));
        Assert.Equal(20, differ);
        // 2 -> 4 duplicates each pixel; 5 -> 3 picks 0, 2, 4
        Assert.Equal(new[] { 0, 0, 1, 1 }, KerasImage.SourceIndices(2, 4));
        Assert.Equal(new[] { 0, 2, 4 }, KerasImage.SourceIndices(5, 3));
    }

    [Fact]
    public void CaffePreprocessingFlipsToBgrAndSubtractsFloat32Means()
    {
        var rgb = NpyArray.FromBytes([10, 20, 30], 1, 1, 3);
        var x = ImagenetUtils.PreprocessCaffe(rgb).AsFloats();
        Assert.Equal(new[] { 30f - 103.939f, 20f - 116.779f, 10f - 123.68f }, x);
    }

    [Theory]
    [InlineData(0.01924819f, "0.01924819")]
    [InlineData(1.0f, "1.0")]
    [InlineData(1e-5f, "1e-05")]
    [InlineData(8.427001e-19f, "8.427001e-19")]
    [InlineData(0.5f, "0.5")]
    [InlineData(123.25f, "123.25")]
    [InlineData(0f, "0.0")]
    public void PrintsFloat32LikeNumpyRepr(float v, string expected) => Assert.Equal(expected, PythonRepr.Float32(v));

    [Fact]
    public void DecodePredictionsRejectsWrongShapesAndNaN()
    {
        Assert.Throws<ArgumentException>(() => ImagenetUtils.DecodePredictions(NpyArray.FromFloats(new float[10], 1, 10)));
        var nan = new float[1000]; nan[3] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ImagenetUtils.DecodePredictions(NpyArray.FromFloats(nan, 1, 1000))).Message);
        Assert.Equal(("n01440764", "tench"), ImagenetUtils.ClassIndex[0]);
        Assert.Equal(("n02108422", "bull_mastiff"), ImagenetUtils.ClassIndex[243]);
    }

    [Fact]
    public void CorruptImageIsATypedErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        try
        {
            var e = Assert.Throws<ImageFormatException>(() => KerasImage.LoadImg(path, 224, 224));
            Assert.Contains(path, e.Message);
            Assert.Throws<ImageFormatException>(() => KerasImage.LoadImg(path + ".missing"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void JetMatchesMatplotlibRows()
    {
        // docs/methods/heatmap.md: np.uint8(jet._lut[i, :3] * 255), matplotlib 3.6.3
        (int Row, byte R, byte G, byte B)[] rows = [(0, 0, 0, 127), (1, 0, 0, 132), (32, 0, 0, 255), (88, 0, 224, 250),
            (96, 21, 255, 225), (127, 121, 255, 125), (128, 124, 255, 121), (167, 250, 240, 0), (227, 254, 18, 0), (255, 127, 0, 0)];
        foreach (var (row, r, g, b) in rows) Assert.Equal((r, g, b), (Jet.LutBytes[row, 0], Jet.LutBytes[row, 1], Jet.LutBytes[row, 2]));
        Assert.Equal(255, Jet.Index(1.0f));
        Assert.Equal(128, Jet.Index(0.5f));
        Assert.Equal(1, Jet.Index(1f / 256));
        Assert.Equal(-1, Jet.Index(float.NaN));
        var heat = Jet.Heatmap(NpyArray.FromFloats([float.NaN, 0.5f], 2));
        Assert.Equal(new byte[] { 0, 0, 0, 124, 255, 121 }, heat.Data);
    }

    [Fact]
    public void NormalizeMapsAConstantSampleToZerosAndTheMaxBelowOne()
    {
        var a = Plumbing.Normalize(NpyArray.FromFloats([3f, 3f, 0f, 1f], 2, 2)).AsFloats();
        Assert.Equal(new[] { 0f, 0f, 0f, 0.99999988f }, a); // 1 / (1 + 1e-7) in float32 (docs/methods/tf-keras-vis.md)
    }

    [Fact]
    public void PenultimateLayerSearchFollowsTfKerasVis()
    {
        Assert.Equal("block5_conv3", Plumbing.SeekPenultimateConv(ModelZoo.Get("vgg16"), -1));
        Assert.Equal("conv2d_3", Plumbing.SeekPenultimateConv(ModelZoo.Get("lab1"), -1));
        Assert.Equal("block4_conv3", Plumbing.SeekPenultimateConv(ModelZoo.Get("vgg16"), "block4_pool"));
        Assert.Throws<ArgumentException>(() => Plumbing.SeekPenultimateConv(ModelZoo.Get("vgg16"), 0)); // the InputLayer
    }

    [Fact]
    public void DisplayGridDividesDeadChannelsZeroByZero()
    {
        // two channels of 2x2: channel 0 = [1, 2, 3, 4], channel 1 dead (all 0); one image per row
        var act = NpyArray.FromFloats([1, 0, 2, 0, 3, 0, 4, 0], 1, 2, 2, 2);
        var lab = IntermediateActivations.Grid(act, imagesPerRow: 1).AsDoubles();
        Assert.Equal(new[] { 0.25, 0.5, 0.75, 1.0 }, lab.Take(4));
        Assert.All(lab.Skip(4), v => Assert.True(double.IsNaN(v)));
        Assert.All(IntermediateActivations.Grid(act, imagesPerRow: 1, guarded: true).AsDoubles().Skip(4), v => Assert.Equal(0.0, v));
    }
}
