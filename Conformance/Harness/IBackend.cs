using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>What a backend returns for one case: arrays and texts by output name.</summary>
public sealed class CaseOutputs
{
    public Dictionary<string, NpyArray> Arrays { get; } = new();
    public Dictionary<string, string> Texts { get; } = new();
}

/// <summary>
/// The one seam between the goldens and an implementation (modelled on ONNX's Backend.supports_device / run).
/// A backend names itself and its devices, declines what it cannot run with a reason (a named skip, never a silent
/// pass), and runs a case from its input arrays and the manifest's method parameters.
/// </summary>
public interface IBackend
{
    string Name { get; }
    IReadOnlyList<string> Devices { get; }
    /// <summary><c>null</c> when the backend can run the case on the device; otherwise why not.</summary>
    string? Supports(GoldenCase c, string device);
    CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string device);
    /// <summary>One line for report headers: versions of what computes.</summary>
    string Describe();
}

/// <summary>A backend that runs many cases at once (an external port in batch mode): <see cref="Prepare"/> is called
/// once with every case that will run, before the first <see cref="IBackend.Run"/>.</summary>
public interface IBatchBackend
{
    void Prepare(IReadOnlyList<GoldenCase> cases, string device);
}
