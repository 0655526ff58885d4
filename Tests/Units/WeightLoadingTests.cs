using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

/// <summary>Models built for weights start as placeholders (no random initialisation, no memory) and hold each weight
/// once; hash weights computed straight into torch layouts equal the Keras-layout values converted.</summary>
public class WeightLoadingTests
{
    [Fact]
    public void An_unloaded_model_holds_meta_placeholders_and_refuses_to_run()
    {
        using var net = SpecNet.Unloaded(ModelZoo.Get("vgg16"));
        Assert.All(net.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.Equal(138_357_544, net.parameters().Sum(p => p.numel()));
        var e = Assert.Throws<InvalidOperationException>(() => net.forward(zeros(1, 224, 224, 3)));
        Assert.Equal("model vgg16 has no weights loaded", e.Message);
    }

    [Theory]
    [InlineData("lab1")]
    [InlineData("lab2")]
    [InlineData("lab1-cam")]
    [InlineData("deconv-small")]
    public void Hash_weights_in_torch_layout_equal_the_keras_layout_converted(string model)
    {
        var spec = ModelZoo.Get(model);
        var slots = HashWeights.Slots(spec);
        int t = 0;
        foreach (var keras in HashWeights.KerasLayoutTensors(spec, 7))
        {
            using (keras)
            using (var direct = HashWeights.LayoutTensor(7, t, slots[t]))
            using (var converted = slots[t].TorchLayout || keras.dim() is not (2 or 4) ? keras.alias() : SpecNet.KernelToTorch(keras).contiguous())
            {
                Assert.Equal(converted.shape, direct.shape);
                Assert.Equal(converted.data<float>().ToArray(), direct.data<float>().ToArray());
            }
            t++;
        }
        Assert.Equal(slots.Count, t);
    }

    [Fact]
    public void A_built_model_keeps_the_specs_trainable_flags_and_one_copy_of_each_weight()
    {
        using var net = ModelFactory.Build("lab4", new WeightsSpec(WeightsKind.Hash, Seed: 1), linear: false, CPU);
        Assert.Equal(7_080_450, net.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        Assert.Equal(14_715_714, net.parameters().Sum(p => p.numel()));
        Assert.All(net.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
        // the first conv kernel is the hash value of Keras element (0, 0, 0, 0) at torch position (0, 0, 0, 0)
        var slot0 = HashWeights.Slots(net.Spec)[0];
        var first = new float[1];
        HashWeights.Fill(1, 0, slot0, first);
        Assert.Equal(first[0], net.parameters().First().data<float>()[0, 0, 0, 0]);
    }
}
