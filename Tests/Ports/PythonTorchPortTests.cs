using System.Diagnostics;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Report;
using Xunit;

namespace KerasVis.Tests.Ports;

/// <summary>Whether Debian's python3 can import some modules: null when it can, else why not (asked once per list).</summary>
public static class DebianPython
{
    public const string Path = "/usr/bin/python3";
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string?>> Probes = new();

    public static string? Missing(string imports, string install) => Probes.GetOrAdd(imports, i => new Lazy<string?>(() =>
    {
        if (!File.Exists(Path)) return $"{Path} not found (Debian's python3; `make test` installs {install})";
        try
        {
            var psi = new ProcessStartInfo(Path, ["-c", $"import {i}"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(60_000)) { p.Kill(true); return $"{Path} -c 'import {i}' took over 60 s"; }
            return p.ExitCode == 0 ? null : $"{Path} cannot import {i} (install Debian's {install}): {err.Trim().Split('\n').LastOrDefault()}";
        }
        catch (Exception e) { return $"{Path} could not be started: {e.Message}"; }
    })).Value;
}

/// <summary>A fact that is skipped, with the reason, where Debian's python3 cannot import torch and numpy (the example
/// port's interpreter; `make test` installs python3-torch where apt can).</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Python = DebianPython.Path;

    public PythonTorchFactAttribute() { if (DebianPython.Missing("torch, numpy", "python3-torch") is { } why) Skip = why; }
}

/// <summary>The example Python port (tools/ports/python-torch) checked through the external backend, with its own
/// expectations: it must conform where PyTorch and Keras agree and fail exactly where they differ.</summary>
public class PythonTorchPortTests
{
    static string Root => GoldenRepository.Root();

    [PythonTorchFact]
    public void The_port_conforms_where_torch_agrees_with_Keras_and_fails_exactly_where_it_differs()
    {
        var cases = GoldenRepository.LoadAll();
        var exp = Expectations.Load(Path.Combine(Root, "tools/ports/python-torch/expectations.jsonc"));
        using var port = new ExternalBackend(new ExternalOptions($"{PythonTorchFactAttribute.Python} " +
            $"{Path.Combine(GoldenRepository.Root(), "tools/ports/python-torch/port.py")}",
            TimeSpan.FromSeconds(120), Batch: true, Name: "python-torch-port"));
        var report = Path.Combine(Path.GetTempPath(), $"kerasvis-port-report-{Guid.NewGuid():N}");
        var writer = new ReportWriter(report, new ReportHeader(port.Describe(), "cpu", "test", ReportWriter.GoldenSetId(cases), exp.File, "now"));
        try
        {
            var s = CheckRun.Execute(cases, port, "cpu", exp, (c, r, _, _) => writer.Add(c, r));
            writer.Finish(s);
            PortVerdicts.AssertMatchExpectations(s, exp, cases);
            // lab1 Grad-CAM, saliency and tf-keras-vis methods, the losses, unpooling, jet, load_img and the report's
            // preprocessing conform to the goldens
            foreach (var id in new[] { "get_cam/lab1_trained_ankle_boot", "saliency/lab1_trained_ankle_boot", "saliency/lab1_trained_batch2_ranges",
                         "tfkv_cam/lab1_trained_gradcam", "tfkv_cam/lab1_trained_gradcampp", "tfkv_saliency/lab1_trained_smoothgrad_20",
                         "unpool/odd_5x7_ties_c2", "heatmap/jet_values", "keras_image/rgba_640x480", "torch_preprocess/coffee", "losses/bce_large_logits" })
                Assert.Contains(s.Results, r => r.CaseId == id && r.Status == CaseStatus.Passed);
            // CAM: the model conforms (features, predictions, classes); only the upsampling differs (interpolate vs zoom order 2)
            var cam = s.Results.Single(r => r.CaseId == "cam/lab1_trained");
            Assert.Equal(["cam", "zoomed"], cam.Outputs.Where(o => !o.Comparison.Passed).Select(o => o.Name).Order());
            Assert.True(cam.Outputs.Single(o => o.Name == "cam").Comparison.MaxAbs > 1, "the bilinear map differs from the order-2 spline map by more than 1");
            // Keras's clip: the saturated cross-entropy is 16.118 = −log(1e-7) in Keras, inf or NaN in the port
            Assert.Contains("NaN rule", s.Results.Single(r => r.CaseId == "losses/cce_batch_saturated").Message);
            // the report shows the CAM difference as pictures
            var html = File.ReadAllText(Path.Combine(report, "report.html"));
            foreach (var png in new[] { "cam-golden.png", "cam-candidate.png", "cam-diff.png" })
            {
                Assert.Contains($"images/cam_lab1_trained/{png}", html);
                Assert.True(new FileInfo(Path.Combine(report, "images", "cam_lab1_trained", png)).Length > 100);
            }
            Assert.True(File.Exists(Path.Combine(report, "report.json")) && File.Exists(Path.Combine(report, "report.md")));
        }
        finally { if (Directory.Exists(report)) Directory.Delete(report, true); }
    }
}
