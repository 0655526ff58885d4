using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>A dense C-order array as stored in an NPY file: dtype, shape and little-endian bytes.</summary>
public sealed class NpyArray
{
    public NpyDType DType { get; }
    public long[] Shape { get; }
    public byte[] Data { get; }

    public NpyArray(NpyDType dtype, long[] shape, byte[] data)
    {
        long count = Count(shape);
        if (data.LongLength != count * NpyDTypes.ItemSize(dtype))
            throw new ArgumentException($"{data.LongLength} bytes do not hold {count} elements of {NpyDTypes.Descr(dtype)} for shape {FormatShape(shape)}");
        DType = dtype; Shape = shape; Data = data;
    }

    public long Length => Count(Shape);

    public static long Count(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape {FormatShape(shape)}");
            n = checked(n * d);
        }
        return n;
    }

    public static string FormatShape(long[] shape) => "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");

    public static NpyArray FromFloats(float[] v, params long[] shape) => new(NpyDType.Float32, shape, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());
    public static NpyArray FromDoubles(double[] v, params long[] shape) => new(NpyDType.Float64, shape, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());
    public static NpyArray FromInt64(long[] v, params long[] shape) => new(NpyDType.Int64, shape, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());
    public static NpyArray FromInt32(int[] v, params long[] shape) => new(NpyDType.Int32, shape, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());
    public static NpyArray FromBytes(byte[] v, params long[] shape) => new(NpyDType.UInt8, shape, (byte[])v.Clone());

    public float[] AsFloats() => DType == NpyDType.Float32 ? MemoryMarshal.Cast<byte, float>(Data).ToArray() : throw WrongType("<f4");
    public double[] AsDoubles() => DType == NpyDType.Float64 ? MemoryMarshal.Cast<byte, double>(Data).ToArray() : throw WrongType("<f8");
    public long[] AsInt64() => DType == NpyDType.Int64 ? MemoryMarshal.Cast<byte, long>(Data).ToArray() : throw WrongType("<i8");
    public int[] AsInt32() => DType == NpyDType.Int32 ? MemoryMarshal.Cast<byte, int>(Data).ToArray() : throw WrongType("<i4");

    /// <summary>Every element widened to double (integers and booleans exactly), for comparisons and reports.</summary>
    public double[] ToDoubles()
    {
        var n = (int)Length;
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = GetDouble(i);
        return r;
    }

    public double GetDouble(long i) => DType switch
    {
        NpyDType.Float32 => BitConverter.ToSingle(Data, (int)(i * 4)),
        NpyDType.Float64 => BitConverter.ToDouble(Data, (int)(i * 8)),
        NpyDType.Int32 => BitConverter.ToInt32(Data, (int)(i * 4)),
        NpyDType.Int64 => BitConverter.ToInt64(Data, (int)(i * 8)),
        _ => Data[i],
    };

    InvalidOperationException WrongType(string wanted) =>
        new($"array is {NpyDTypes.Descr(DType)}, not {wanted}");

    /// <summary>Multi-index of flat position <paramref name="flat"/> in C order, e.g. "[0, 2, 1]".</summary>
    public string IndexOf(long flat)
    {
        var idx = new long[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            if (Shape[d] == 0) break;
            idx[d] = flat % Shape[d];
            flat /= Shape[d];
        }
        return "[" + string.Join(", ", idx) + "]";
    }
}
