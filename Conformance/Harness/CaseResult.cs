using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

public sealed record OutputResult(string Name, Comparison Comparison, Tolerance Tolerance);

public sealed record CaseResult(string CaseId, string Backend, string Device, CaseStatus Status, string Message,
    IReadOnlyList<OutputResult> Outputs)
{
    /// <summary>What the backend returned (for the report's pictures); dropped once the report has drawn them.</summary>
    public CaseOutputs? Candidate { get; init; }
    /// <summary>Wall time of the backend's run, seconds.</summary>
    public double Seconds { get; init; }
    public double MaxAbs => Outputs.Count == 0 ? 0 : Outputs.Max(o => o.Comparison.MaxAbs);
    public long MaxUlp => Outputs.Count == 0 ? 0 : Outputs.Max(o => o.Comparison.MaxUlp);
    public string TestName => $"{CaseId}/{Device}";
}
