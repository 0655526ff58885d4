using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.ReferenceBackend.Adapters;
using TorchSharp;

namespace KerasVis.ReferenceBackend;

/// <summary>The TorchSharp Reference as a backend: each case goes to its method's adapter (<see cref="MethodRegistry"/>).
/// Devices: <c>cpu</c> always; <c>cuda</c> when this build can reach a CUDA device (it references TorchSharp-cpu, so
/// CUDA is a named skip with the reason where no CUDA libtorch is present).</summary>
public sealed class TorchSharpBackend : IBackend
{
    public string Name => "reference";
    public IReadOnlyList<string> Devices => ["cpu", "cuda"];

    /// <summary>Why CUDA cannot run here, or null when it can (asked once per process).</summary>
    public static string? CudaAbsent => CudaReason.Value;

    static readonly Lazy<string?> CudaReason = new(() =>
    {
        try
        {
            return torch.cuda.is_available()
                ? null
                : "CUDA not available: torch.cuda.is_available() = false (this build uses the CPU-only libtorch of TorchSharp-cpu; a CUDA libtorch and a " +
                    "GPU are needed)";
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            return $"CUDA not available: libtorch could not be queried ({e.GetType().Name}: {e.Message})";
        }
    });

    public string? Supports(GoldenCase c, string device)
    {
        if (device != "cpu" && device != "cuda") return $"unknown device '{device}' (devices: cpu, cuda)";
        var adapter = MethodRegistry.Find(c.Method);
        if (adapter is null) return $"method '{c.Method}' is not implemented by the reference backend";
        if (device == "cuda")
        {
            if (CudaAbsent is { } why) return why;
            if (!adapter.RunsOnDevice) return $"method '{c.Method}' is pure text/shape arithmetic: it does not run on a device";
        }
        return null;
    }

    public CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string device)
    {
        try { return MethodRegistry.Get(c).Run(new MethodContext(c, inputs, torch.device(device == "cuda" ? DeviceType.CUDA : DeviceType.CPU))); }
        finally { GC.Collect(); GC.WaitForPendingFinalizers(); }
    }

    /// <summary>The case in libtorch double on the CPU: float inputs, models and freshly created tensors in float64
    /// (the conditioning check's float64 column). Tensor results are rounded to float32 where they become arrays
    /// (<see cref="Reference.IO.NpyTensor.NarrowingFloat64"/>), so the array steps after them run as written.</summary>
    public static CaseOutputs RunFloat64(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        var before = torch.get_default_dtype();
        torch.set_default_dtype(torch.float64);
        using var narrowing = Reference.IO.NpyTensor.NarrowingFloat64();
        try { return MethodRegistry.Get(c).Run(new MethodContext(c, inputs, torch.CPU, compute: torch.float64)); }
        finally { torch.set_default_dtype(before); }
    }

    public string Describe() => $"reference ({Versions})";

    /// <summary>What computes: the TorchSharp and libtorch versions (report headers name them).</summary>
    public static string Versions => $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {LibTorchVersion()}";

    static string LibTorchVersion()
    {
        try { return torch.__version__; }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or InvalidOperationException) { return "unknown"; }
    }
}
