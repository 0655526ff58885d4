using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>The outcome of comparing one output: pass/fail, the measured errors and a self-explanatory message.</summary>
public sealed record Comparison(bool Passed, string Message, double MaxAbs = 0, string? MaxAbsIndex = null, long MaxUlp = 0,
    string? MaxUlpIndex = null, long Mismatched = 0, long Count = 0, double Usage = 0)
{
    /// <summary>Elements failing the NaN rule (NaN against a number or the reverse).</summary>
    public long NanMismatches { get; init; }
    /// <summary>Elements failing the infinity rule.</summary>
    public long InfMismatches { get; init; }
    /// <summary>Why no value was compared: "shape", "dtype" or "missing"; null when values were compared.</summary>
    public string? Structural { get; init; }
}
