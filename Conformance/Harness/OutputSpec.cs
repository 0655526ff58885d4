namespace KerasVis.Conformance.Harness;

/// <summary>What an output holds: an NPY array or a UTF-8 text.</summary>
public enum OutputKind { Array, Text }

public sealed record OutputSpec(string Name, OutputKind Kind, string File, string Sha256, Tolerance Tolerance, string? DType, long[]? Shape, string? Compare)
{
    /// <summary>The array description of an <c>array</c> output (what <see cref="GoldenCase.ReadArray"/> reads).</summary>
    public ArraySpec ArraySpec => Kind == OutputKind.Array ? new(Name, DType!, Shape!, File, Sha256)
        : throw new InvalidOperationException($"output '{Name}' is {Kind}, not an array");
}
