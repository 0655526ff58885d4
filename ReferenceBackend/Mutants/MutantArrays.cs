using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Small array edits the mutants share (float32 unless stated).</summary>
static class MutantArrays
{
    public static NpyArray Map(NpyArray a, Func<float, float> f) => NpyArray.FromFloats(a.AsFloats().Select(f).ToArray(), a.Shape);

    /// <summary>Swaps the last two axes (a heatmap drawn transposed).</summary>
    public static NpyArray TransposeLastTwo(NpyArray a)
    {
        using var t = NpyTensor.ToTensor(a);
        return NpyTensor.ToNpy(t.transpose(-1, -2).contiguous());
    }

    /// <summary>Moves every row one pixel to the right along the last axis, repeating the first column (an off-by-one
    /// in a hand-written resize or crop).</summary>
    public static NpyArray ShiftLastAxis(NpyArray a)
    {
        var v = a.AsFloats();
        long w = a.Shape[^1];
        var o = new float[v.Length];
        for (long i = 0; i < v.Length; i++) o[i] = v[i % w == 0 ? i : i - 1];
        return NpyArray.FromFloats(o, a.Shape);
    }

    /// <summary>Runs <paramref name="f"/> on the arrays as float32 tensors and returns the result as NPY.</summary>
    public static NpyArray Torch(Func<Tensor[], Tensor> f, params NpyArray[] arrays)
    {
        using var scope = NewDisposeScope();
        var ts = arrays.Select(NpyTensor.ToTensor).ToArray();
        return NpyTensor.ToNpy(f(ts).contiguous());
    }

    public static long[] Ints(System.Text.Json.Nodes.JsonNode? n) =>
        n is System.Text.Json.Nodes.JsonArray a ? a.Select(v => (long)v!).ToArray() : throw new ArgumentException("expected an integer list");
}
