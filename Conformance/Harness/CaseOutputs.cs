using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>What a backend returns for one case: arrays and texts by output name.</summary>
public sealed class CaseOutputs
{
    public Dictionary<string, NpyArray> Arrays { get; } = new();
    public Dictionary<string, string> Texts { get; } = new();
}
