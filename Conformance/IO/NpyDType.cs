using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>The element types this project reads and writes, named by their NPY <c>descr</c> strings.</summary>
public enum NpyDType { Float32, Float64, Int32, Int64, UInt8, Bool }

public static class NpyDTypes
{
    public static string Descr(NpyDType t) => t switch
    {
        NpyDType.Float32 => "<f4", NpyDType.Float64 => "<f8", NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8", NpyDType.UInt8 => "|u1", NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static int ItemSize(NpyDType t) => t switch
    {
        NpyDType.Float32 or NpyDType.Int32 => 4, NpyDType.Float64 or NpyDType.Int64 => 8, _ => 1,
    };

    /// <summary>Parses a descr; <c>null</c> when it is not one of the six supported types.</summary>
    public static NpyDType? FromDescr(string descr) => descr switch
    {
        "<f4" => NpyDType.Float32, "<f8" => NpyDType.Float64, "<i4" => NpyDType.Int32, "<i8" => NpyDType.Int64,
        "|u1" or "<u1" => NpyDType.UInt8, "|b1" or "<b1" => NpyDType.Bool, _ => null,
    };
}
