using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>Keras HDF5 weights files (written by h5py in tools/oracle/cases/keras_h5.py) and the Keras → torchvision
/// conversion: the layouts read, and every way a file can be wrong naming the file and the dataset.</summary>
public class KerasWeightsTests
{
    static string H5(string name) => Path.Combine(GoldenRepository.Root(), "fixtures", "weights", "h5", name);

    [Theory]
    [InlineData("lab1-legacy.h5", "/conv2d_3/conv2d_3_W_1:0")]
    [InlineData("lab1-keras2.h5", "/conv2d_3/conv2d_3/kernel:0")]
    [InlineData("lab1-model.h5", "/model_weights/conv2d_3/conv2d_3/kernel:0")]
    public void ReadsEveryLayerInFileOrderWithDatasetPaths(string file, string conv3Kernel)
    {
        var layers = KerasH5Weights.ReadLayers(H5(file));
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "conv2d_3",
                      "global_average_pooling2d", "dense"], layers.Select(l => l.Name));
        Assert.Equal([2, 0, 2, 0, 2, 0, 2, 0, 2], layers.Select(l => l.Weights.Count));
        var (ds, kernel) = layers[6].Weights[0];
        Assert.Equal(conv3Kernel, ds);
        Assert.Equal([3L, 3, 64, 128], kernel.Shape);
        // the same values as the NPY fixture they were written from
        var npy = Npy.Read(Path.Combine(GoldenRepository.Root(), "fixtures", "weights", "lab1-fashion-mnist", "06_conv2d_3.kernel.npy"));
        Assert.Equal(npy.Data, kernel.Data);
    }

    [Fact]
    public void MissingDatasetIsNamed()
    {
        var e = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ForModel(ModelZoo.Get("lab1"), H5("bad-missing-dataset.h5")));
        Assert.Equal("/conv2d_1/conv2d_1_b_1:0", e.Dataset);
        Assert.Contains("bad-missing-dataset.h5", e.Message);
    }

    [Fact]
    public void MisshapedKernelIsNamedWithBothShapes()
    {
        // conv2d_2's kernel stored OIHW (64, 32, 3, 3) where Keras stores HWIO (3, 3, 32, 64)
        var e = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ForModel(ModelZoo.Get("lab1"), H5("bad-misshaped.h5")));
        Assert.Equal("/conv2d_2/conv2d_2_W_1:0", e.Dataset);
        Assert.Contains("(64, 32, 3, 3)", e.Message);
        Assert.Contains("(3, 3, 32, 64)", e.Message);
    }

    [Fact]
    public void WrongModelGivesLayerCountMismatch()
    {
        var e = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ForModel(ModelZoo.Get("vgg16"), H5("lab1-legacy.h5")));
        Assert.Contains("layer count mismatch: model vgg16 has 16 layers with weights", e.Message);
        Assert.Contains("the file has 5", e.Message);
        // same count, different shapes: lab1's file into lab2 (3 input channels) fails at the first kernel
        var e2 = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ForModel(ModelZoo.Get("lab2"), H5("lab1-keras2.h5")));
        Assert.Equal("/conv2d/conv2d/kernel:0", e2.Dataset);
    }

    [Fact]
    public void TruncatedOrForeignFilesAreTypedErrors()
    {
        var dir = Directory.CreateTempSubdirectory("h5-").FullName;
        try
        {
            var bytes = File.ReadAllBytes(H5("lab1-legacy.h5"));
            var truncated = Path.Combine(dir, "truncated.h5");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
            var e = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ForModel(ModelZoo.Get("lab1"), truncated));
            Assert.Equal(truncated, e.Path);
            var png = Path.Combine(GoldenRepository.Root(), "fixtures", "images", "photos", "chelsea.png");
            var e2 = Assert.Throws<KerasWeightsException>(() => KerasH5Weights.ReadLayers(png));
            Assert.Contains("not a readable HDF5 file", e2.Message);
            Assert.Throws<FileNotFoundException>(() => KerasH5Weights.ReadLayers(Path.Combine(dir, "absent.h5")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FlattenPermutationMovesKerasRowsToTorchColumns()
    {
        // Flatten of (H, W, C) = (2, 2, 3) → Dense(1). Keras row r = (h·2 + w)·3 + c holds the value r; torch's flatten
        // of NCHW puts (c, h, w) at column c·4 + h·2 + w. So torch column 1 = (c 0, h 0, w 1) = Keras row (0·2+1)·3+0 = 3,
        // column 4 = (c 1, h 0, w 0) = Keras row 1, column 11 = (c 2, h 1, w 1) = Keras row 11.
        var keras = new ModelSpec("k", "k", ModelKind.Functional, [2, 2, 3],
            [new InputSpec("input_layer", [2, 2, 3]), new FlattenSpec("flatten"), new DenseSpec("fc", 1)]);
        var torch = new ModelSpec("t", "t", ModelKind.Torchvision, [3, 2, 2], [new TorchFlattenSpec("flatten"), new TorchLinearSpec("fc", 1)],
            torchLayout: true);
        var kernel = NpyArray.FromFloats(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 12, 1);
        var sd = KerasToTorch.StateDict(keras, [kernel, NpyArray.FromFloats([0.5f], 1)], torch);
        Assert.Equal([0f, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11], sd["fc.weight"].AsFloats());
        Assert.Equal([1L, 12], sd["fc.weight"].Shape);
    }

    [Fact]
    public void ConvKernelsGoFromHwioToOihw()
    {
        var keras = new ModelSpec("k", "k", ModelKind.Functional, [4, 4, 2],
            [new InputSpec("input_layer", [4, 4, 2]), new Conv2DSpec("c", 3, 2, Padding: Padding.Valid)]);
        var torch = new ModelSpec("t", "t", ModelKind.Torchvision, [2, 4, 4], [new TorchConv2dSpec("c", 3, 2, 1, 0)], torchLayout: true);
        // HWIO element (y, x, i, o) = 1000y + 100x + 10i + o
        var v = new float[2 * 2 * 2 * 3];
        for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) for (int i = 0; i < 2; i++) for (int o = 0; o < 3; o++)
            v[((y * 2 + x) * 2 + i) * 3 + o] = 1000 * y + 100 * x + 10 * i + o;
        var w = KerasToTorch.StateDict(keras, [NpyArray.FromFloats(v, 2, 2, 2, 3), NpyArray.FromFloats([0f, 0, 0], 3)], torch)["c.weight"];
        Assert.Equal([3L, 2, 2, 2], w.Shape);
        var a = w.AsFloats();
        // OIHW element (o 2, i 1, y 1, x 0) = 1000 + 0 + 10 + 2
        Assert.Equal(1012f, a[((2 * 2 + 1) * 2 + 1) * 2 + 0]);
        Assert.Equal(101f, a[((1 * 2 + 0) * 2 + 0) * 2 + 1]);
    }

    [Fact]
    public void StateDictWithMissingOrMisshapedKeysChangesNothing()
    {
        using var net = new SpecNet(ModelZoo.Get("alexnet"));
        var sd = net.StateDictArrays();
        var before = sd["features.0.weight"].Data;
        var partial = sd.Where(kv => kv.Key != "classifier.6.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        var e = Assert.Throws<ArgumentException>(() => net.LoadStateDict(partial));
        Assert.Contains("missing: classifier.6.bias", e.Message);
        var wrong = new Dictionary<string, NpyArray>(sd) { ["features.3.weight"] = NpyArray.FromFloats(new float[192 * 64 * 25], 64, 192, 5, 5) };
        wrong["features.0.weight"] = NpyArray.FromFloats(new float[64 * 3 * 11 * 11], 64, 3, 11, 11);
        var e2 = Assert.Throws<ArgumentException>(() => net.LoadStateDict(wrong));
        Assert.Contains("'features.3.weight' has shape (64, 192, 5, 5), the model needs (192, 64, 5, 5)", e2.Message);
        Assert.Equal(before, net.StateDictArrays()["features.0.weight"].Data); // the all-zero features.0 was not copied
    }
}
