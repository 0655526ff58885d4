using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

public class DlaiMethodTests
{
    [Fact]
    public void Saliency_scaling_truncates_and_turns_an_all_equal_map_into_zeros()
    {
        // hand-computed: (255 * [0, 1, 2]) / 2 = [0, 127.5, 255] -> truncation -> [0, 127, 255]
        var (scaled, u8) = DlaiSaliency.Scale(tensor(new float[] { 0, 1, 2 }).reshape(1, 3));
        Assert.Equal([0f, 127.5f, 255f], scaled.AsFloats());
        Assert.Equal(new byte[] { 0, 127, 255 }, u8.Data);
        Assert.Equal([3L], u8.Shape);   // squeezed like tf.squeeze
        // all equal: 0/0 = NaN in float32, 0 after the cast (documented choice, x86 behaviour)
        var (s2, z2) = DlaiSaliency.Scale(full(new long[] { 2, 2 }, 0.5f));
        Assert.All(s2.AsFloats(), v => Assert.True(float.IsNaN(v)));
        Assert.All(z2.Data, b => Assert.Equal(0, b));
    }

    static SpecNet Lab1()
    {
        var spec = ModelZoo.Get("lab1");
        var net = new SpecNet(spec);
        net.LoadKerasWeights(HashWeights.ForModel(spec, 1));
        return net;
    }

    [Fact]
    public void Methods_reject_bad_arguments_with_messages_that_name_them()
    {
        using var net = Lab1();
        var x2 = zeros(2, 28, 28, 1);
        Assert.Contains("batch 2", Assert.Throws<ArgumentException>(() => DlaiGradCam.Compute(net, x2, "conv2d_3", 0)).Message);
        using var vgg = new SpecNet(ModelZoo.Get("deconv-small"));
        Assert.Contains("CAM needs", Assert.Throws<ArgumentException>(() => ClassActivationMap.Compute(vgg, x2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DlaiSaliency.Compute(net, zeros(1, 28, 28, 1), 10));
        Assert.Contains("expects float32 input of shape (N, 28, 28, 1)",
            Assert.Throws<ArgumentException>(() => DlaiSaliency.Compute(net, zeros(1, 28, 28, 3), 0)).Message);
    }

    [Fact]
    public void ArgMax_takes_the_first_maximum_like_numpy()
    {
        Assert.Equal(1, ClassActivationMap.ArgMax([0.1f, 0.5f, 0.5f]));
        Assert.Equal(2, ClassActivationMap.ArgMax([0.1f, 0.5f, float.NaN, 0.9f]));
    }

    [Fact]
    public void Weight_folders_fail_clearly()
    {
        var dir = Directory.CreateTempSubdirectory("kv-weights-").FullName;
        try
        {
            Assert.Contains("holds no .npy files", Assert.Throws<FileNotFoundException>(() => WeightFiles.ReadFolder(dir)).Message);
            Npy.Write(Path.Combine(dir, "00_a.npy"), NpyArray.FromDoubles([1.0], 1));
            Assert.Contains("must be float32", Assert.Throws<NpyFormatException>(() => WeightFiles.ReadFolder(dir)).Message);
            Npy.Write(Path.Combine(dir, "00_a.npy"), NpyArray.FromFloats([float.NaN], 1));
            Assert.Contains("NaN", Assert.Throws<NpyFormatException>(() => WeightFiles.ReadFolder(dir)).Message);
            Assert.Throws<DirectoryNotFoundException>(() => WeightFiles.ReadFolder(Path.Combine(dir, "missing")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
