using KerasVis.Conformance.IO;
using static TorchSharp.torch;

namespace KerasVis.Reference.IO;

/// <summary>Copies between NPY arrays and TorchSharp tensors (CPU, same dtype and shape).</summary>
public static class NpyTensor
{
    public static Tensor ToTensor(NpyArray a) => a.DType switch
    {
        NpyDType.Float32 => tensor(a.AsFloats(), a.Shape),
        NpyDType.Float64 => tensor(a.AsDoubles(), a.Shape),
        NpyDType.Int64 => tensor(a.AsInt64(), a.Shape),
        NpyDType.Int32 => tensor(a.AsInt32(), a.Shape),
        _ => tensor(a.Data, a.Shape),
    };

    static readonly AsyncLocal<bool> Narrowing = new();

    /// <summary>Within the returned scope, <see cref="ToNpy"/> rounds float64 tensors to float32 arrays: a method run in
    /// libtorch double (the conditioning check's float64 run) hands its array steps — spline zoom, min-max on arrays —
    /// the float32 values they are written for, and returns float32 outputs as the goldens have.</summary>
    public static IDisposable NarrowingFloat64()
    {
        bool before = Narrowing.Value;
        Narrowing.Value = true;
        return new Restore(() => Narrowing.Value = before);
    }

    sealed class Restore(Action undo) : IDisposable { public void Dispose() => undo(); }

    public static NpyArray ToNpy(Tensor t)
    {
        var c = t.detach().cpu().contiguous();
        if (Narrowing.Value && c.dtype == ScalarType.Float64) c = c.to(ScalarType.Float32);
        return c.dtype switch
        {
            ScalarType.Float32 => NpyArray.FromFloats(c.data<float>().ToArray(), c.shape),
            ScalarType.Float64 => NpyArray.FromDoubles(c.data<double>().ToArray(), c.shape),
            ScalarType.Int64 => NpyArray.FromInt64(c.data<long>().ToArray(), c.shape),
            ScalarType.Int32 => NpyArray.FromInt32(c.data<int>().ToArray(), c.shape),
            ScalarType.Byte => NpyArray.FromBytes(c.data<byte>().ToArray(), c.shape),
            _ => throw new ArgumentException($"no NPY type for tensor dtype {c.dtype}"),
        };
    }
}
