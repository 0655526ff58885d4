using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

public class ModelTests
{
    // Expected counts are the labs' printouts (seed 000) and torchvision's published totals (docs/keras-summary.md).
    [Theory]
    [InlineData("lab1", 98_442, 98_442)]
    [InlineData("lab2", 97_569, 97_569)]
    [InlineData("lab3", 97_698, 97_698)]
    [InlineData("lab4", 14_715_714, 7_080_450)]
    [InlineData("vgg16", 138_357_544, 138_357_544)]
    [InlineData("vgg16-torch", 138_357_544, 138_357_544)]
    [InlineData("alexnet", 61_100_840, 61_100_840)]
    [InlineData("lab1-cam", 98_442, 98_442)]
    public void The_torch_module_holds_exactly_the_parameters_Keras_counts(string id, long total, long trainable)
    {
        var spec = ModelZoo.Get(id);
        Assert.Equal(total, spec.TotalParams);
        Assert.Equal(trainable, spec.TrainableParams);
        using var net = new SpecNet(spec);
        Assert.Equal(total, net.parameters().Sum(p => p.numel()));
        Assert.Equal(trainable, net.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    [Fact]
    public void Lab1_forward_gives_channels_last_features_and_softmax_predictions()
    {
        using var net = new SpecNet(ModelZoo.Get("lab1-cam"));
        var outs = net.ForwardAll(rand(2, 28, 28, 1));
        Assert.Equal(new long[] { 2, 3, 3, 128 }, outs["conv2d_3"].shape); // 28 → 14 → 7 → 3 (floor)
        var p = outs["dense"];
        Assert.Equal(new long[] { 2, 10 }, p.shape);
        Assert.Equal(1.0, p.sum(1).data<float>().ToArray()[0], 5);
        Assert.Equal(new long[] { 1, 37, 37, 128 }, new SpecNet(ModelZoo.Get("lab2")).ForwardAll(zeros(1, 300, 300, 3))["conv2d_3"].shape); // 75 → 37
    }

    [Fact]
    public void Keras_flatten_is_channels_last_order()
    {
        // flatten of (1, 2, 2, 3) NHWC must keep NHWC order: flat = (h·W + w)·C + c
        var spec = new ModelSpec("t", "t", ModelKind.Functional, [2, 2, 3], [new InputSpec("input_layer", [2, 2, 3]), new FlattenSpec("flatten")]);
        using var net = new SpecNet(spec);
        var x = arange(12, dtype: ScalarType.Float32).reshape(1, 2, 2, 3);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), net.forward(x).data<float>().ToArray());
    }

    [Fact]
    public void Wrong_input_shape_is_named()
    {
        using var net = new SpecNet(ModelZoo.Get("lab1"));
        var e = Assert.Throws<ArgumentException>(() => net.forward(zeros(1, 28, 28, 3)));
        Assert.Contains("(N, 28, 28, 1)", e.Message);
        Assert.Contains("(1, 28, 28, 3)", e.Message);
    }

    [Fact]
    public void Unknown_model_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Get("resnet50"));
        Assert.Contains("lab1-cam", e.Message);
    }

    [Theory] // Python: "{:.2f}".format(x) rounds exact ties to even; 1152 B = 1.125 KB exactly
    [InlineData(0, "0.00 B")]
    [InlineData(1023, "1023.00 B")]
    [InlineData(1152, "1.12 KB")]
    [InlineData(1168, "1.14 KB")]
    [InlineData(393_768, "384.54 KB")]
    [InlineData(553_430_176, "527.79 MB")]
    public void Readable_memory_size_rounds_like_python(long bytes, string expected) =>
        Assert.Equal(expected, KerasSummary.ReadableMemorySize(bytes));
}
