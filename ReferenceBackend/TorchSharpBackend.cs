using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using TorchSharp;

namespace KerasVis.ReferenceBackend;

/// <summary>The TorchSharp Reference as a backend. Devices: <c>cpu</c> always; <c>cuda</c> when this build can reach
/// a CUDA device (it references TorchSharp-cpu only, because TorchSharp-cuda-linux is not served here, so CUDA is a named
/// skip with the reason).</summary>
public sealed class TorchSharpBackend : IBackend
{
    public string Name => "reference";
    public IReadOnlyList<string> Devices => ["cpu", "cuda"];

    static readonly Lazy<string?> CudaAbsent = new(() =>
    {
        try
        {
            return torch.cuda.is_available()
                ? null
                : "CUDA not available: torch.cuda.is_available() = false (this build references TorchSharp-cpu 0.107.0; the CUDA package TorchSharp-cuda-linux is not served by this machine's NuGet registry)";
        }
        catch (Exception e) { return $"CUDA not available: libtorch could not be queried ({e.GetType().Name}: {e.Message})"; }
    });

    public string? Supports(GoldenCase c, string device)
    {
        if (device != "cpu" && device != "cuda") return $"unknown device '{device}' (devices: cpu, cuda)";
        if (!MethodRunners.Known(c.Method)) return $"method '{c.Method}' is not implemented by the reference backend yet";
        if (device == "cuda")
        {
            if (CudaAbsent.Value is { } why) return why;
            if (!MethodRunners.UsesTorch(c.Method)) return $"method '{c.Method}' is pure text/shape arithmetic: it does not run on a device";
        }
        return null;
    }

    public CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string device) =>
        MethodRunners.Run(c, inputs, torch.device(device == "cuda" ? DeviceType.CUDA : DeviceType.CPU));

    public string Describe() => $"reference ({Versions})";

    /// <summary>What computes: the TorchSharp and libtorch versions (report headers name them for every backend).</summary>
    public static string Versions => $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {LibTorchVersion()}";

    static string LibTorchVersion()
    {
        try { return torch.__version__; } catch { return "unknown"; }
    }
}
