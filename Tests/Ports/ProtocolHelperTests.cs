using System.Diagnostics;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Ports;

/// <summary>The bundle's JavaScript protocol helper (tools/ports/helpers/protocol.mjs): its NPY reader and writer round-
/// trip files numpy.save wrote — every dtype the golden format uses, 0-d to 5-d — to the same bytes, so a JavaScript
/// port's outputs are laid out as NumPy's.</summary>
public sealed class ProtocolHelperTests
{
    static readonly string[] Files =
    [
        "losses/bce_batch_saturated/reduced.npy", "zoom/1d_order1_7_3/x.npy", "activations/lab1_trained_every_layer/dense.npy",
        "cam/lab1_hash/cam.npy", "activations/lab1_trained_every_layer/conv2d.npy", "tfkv_saliency/lab1_trained_smoothgrad_20/noise.npy",
        "cam/lab1_hash/class_index.npy", "torch_gradcam/alexnet_features10_bull_mastiff/class_index.npy", "unpool/batch2_c3_6x4/argmax_nhwc.npy",
        "heatmap/jet_values/heatmap.npy", "keras_image/gray_500x375_to_300x200/images.npy",
    ];

    [Fact]
    public void The_javascript_helper_writes_npy_files_byte_identical_to_numpy()
    {
        var node = new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        Assert.True(node is not null, "node is missing (the oracle's TF.js needs it too: apt-get install nodejs)");
        var helper = Path.Combine(GoldenRepository.Root(), "tools", "ports", "helpers", "protocol.mjs");
        var tmp = Directory.CreateTempSubdirectory("kerasvis-mjs-").FullName;
        try
        {
            var script = Path.Combine(tmp, "roundtrip.mjs");
            File.WriteAllText(script, $$"""
                import { readNpy, writeNpy } from "{{helper}}";
                const [from, to] = process.argv.slice(2);
                writeNpy(to, readNpy(from));
                """);
            foreach (var f in Files)
            {
                var from = Path.Combine(GoldenRepository.GoldenDir, f);
                var to = Path.Combine(tmp, "out.npy");
                var psi = new ProcessStartInfo(node!, [script, from, to]) { RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi)!;
                var err = p.StandardError.ReadToEnd();
                Assert.True(p.WaitForExit(60_000) && p.ExitCode == 0, $"{f}: {err}");
                Assert.True(File.ReadAllBytes(from).AsSpan().SequenceEqual(File.ReadAllBytes(to)), $"{f}: the helper's NPY differs from numpy.save's");
            }
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }
}
