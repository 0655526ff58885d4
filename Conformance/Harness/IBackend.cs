using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

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
