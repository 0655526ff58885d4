namespace KerasVis.Conformance.Harness;

public sealed record ArraySpec(string Name, string DType, long[] Shape, string File, string Sha256);
