using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Ports;

/// <summary>A fact that is skipped, with the reason, where Debian's python3 cannot import NumPy, SciPy and Pillow (the
/// float64 port's libraries; `make test` installs them where apt can).</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute() { if (DebianPython.Missing("numpy, scipy.ndimage, PIL", "python3-numpy, -scipy, -pil") is { } why) Skip = why; }
}

/// <summary>The float64 NumPy/SciPy port (tools/ports/numpy-float64), the standing false-positive test: a correct port
/// in another precision and op order passes every case it computes, except the float32-rounding rules its expectations
/// name.</summary>
public class Float64PortTests
{
    [NumpyFact]
    public void A_float64_port_passes_every_case_it_computes_except_the_float32_rounding_rules()
    {
        var root = GoldenRepository.Root();
        var cases = GoldenRepository.LoadAll();
        var exp = Expectations.Load(Path.Combine(root, "tools/ports/numpy-float64/expectations.jsonc"));
        using var port = new ExternalBackend(new ExternalOptions($"{PythonTorchFactAttribute.Python} {Path.Combine(root, "tools/ports/numpy-float64/port.py")}",
            TimeSpan.FromSeconds(120), Batch: true, Name: "numpy-float64-port"));
        var s = CheckRun.Execute(cases, port, "cpu", exp, (_, _, _, _) => { });
        PortVerdicts.AssertMatchExpectations(s, exp, cases);
        // every family the port computes is exercised: losses, zoom, unpool, heatmap, images, preprocessing and the Lab1 methods
        foreach (var family in new[] { "losses", "zoom", "unpool", "heatmap", "keras_image", "torch_preprocess", "cam", "get_cam", "saliency", "tfkv_cam",
            "tfkv_saliency" })
            Assert.Contains(s.Results, r => r.CaseId.StartsWith(family + "/", StringComparison.Ordinal) && r.Status == CaseStatus.Passed);
    }
}
