using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Models;
using Xunit;

namespace KerasVis.Tests.Units;

public class HashWeightsTests
{
    static JsonObject Fixture()
    {
        var path = Path.Combine(GoldenRepository.Root(), "fixtures", "weights", "hash-weights.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    public static TheoryData<string> Models()
    {
        var d = new TheoryData<string>();
        foreach (var kv in Fixture()["models"]!.AsObject()) d.Add(kv.Key);
        return d;
    }

    // The digests were written by the oracle (NumPy, checked against TF.js for the Keras models); a C# value that
    // differs by one bit anywhere in 138 M weights changes the digest.
    [Theory]
    [MemberData(nameof(Models))]
    public void CSharp_hash_weights_are_bit_identical_to_the_oracles(string model)
    {
        var fx = Fixture();
        var want = fx["models"]![model]!.AsObject();
        var (sha, count) = HashWeights.Digest(ModelZoo.Get(model), (uint)fx["seed"]!.GetValue<int>());
        Assert.Equal(want["count"]!.GetValue<long>(), count);
        Assert.Equal(want["tensors"]!.GetValue<int>(), HashWeights.Slots(ModelZoo.Get(model)).Count);
        Assert.Equal(want["sha256"]!.GetValue<string>(), sha);
    }

    /// <summary>The conditioning run sets libtorch's default dtype to float64; the weights must still be the float32
    /// values, laid out in float32 (an empty tensor of the default dtype once received float32 bytes: garbage weights
    /// for every hash-weight model in the float64 column).</summary>
    [Fact]
    public void Layout_tensors_are_float32_whatever_the_default_dtype()
    {
        var spec = ModelZoo.Get("lab1");
        var slot = HashWeights.Slots(spec)[0];
        var want = HashWeights.Tensor(1, 0, slot).AsFloats();
        var before = TorchSharp.torch.get_default_dtype();
        TorchSharp.torch.set_default_dtype(TorchSharp.torch.float64);
        try
        {
            using var t = HashWeights.LayoutTensor(1, 0, slot, torchLayout: false);
            Assert.Equal(TorchSharp.torch.ScalarType.Float32, t.dtype);
            Assert.Equal(want, t.data<float>().ToArray());
        }
        finally { TorchSharp.torch.set_default_dtype(before); }
    }

    [Fact]
    public void Lowbias32_and_the_first_conv_values_match_values_printed_by_numpy()
    {
        // python3 -c "import hashweights as h; print(h.lowbias32(1), h.hash_tensor(1,0,(3,3,1,16)).ravel()[:4])"
        Assert.Equal(0x688990c0U, HashWeights.LowBias32(1));
        var w = HashWeights.Tensor(1, 0, HashWeights.Slots(ModelZoo.Get("lab1"))[0]).AsFloats();
        Assert.Equal([-0.58684176f, 0.48114884f, 0.48809156f, -0.13940796f], w[..4]);
    }

    /// <summary>fixtures/weights/hash-vectors.json (written by the NumPy oracle for ports to test their own
    /// implementation): every word's lowbias32 and every listed element's bits.</summary>
    [Fact]
    public void The_counter_hash_reproduces_the_oracles_test_vectors()
    {
        var v = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenRepository.Root(), "fixtures", "weights", "hash-vectors.json")))!;
        uint seed = (uint)v["seed"]!;
        foreach (var w in v["lowbias32"]!.AsArray())
            Assert.Equal((uint)w!["H(x)"]!, HashWeights.LowBias32((uint)w["x"]!));
        var tensors = v["tensors"]!.AsArray();
        Assert.True(tensors.Count >= 5);
        foreach (var t in tensors)
        {
            var slot = HashWeights.Slots(ModelZoo.Get((string)t!["model"]!))[(int)t["t"]!];
            Assert.Equal(t["shape"]!.AsArray().Select(d => (long)d!), slot.Shape);
            foreach (var e in t["elements"]!.AsArray())
            {
                var one = new float[1];
                HashWeights.Fill(seed, (int)t["t"]!, slot, one, (long)e!["i"]!);
                Assert.Equal((string)e["bits"]!, $"0x{BitConverter.SingleToUInt32Bits(one[0]):x8}");
            }
        }
    }
}
