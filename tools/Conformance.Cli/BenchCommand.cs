using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.Cli;

/// <summary>
/// <c>conformance bench</c> (<c>make bench</c>): VGG16 224² workloads timed in this process (one warm-up, then
/// repetitions, median), each followed by the same workload in the Python baseline (tools/bench/baseline.py on
/// Debian's PyTorch, same counter-hash weights and image), and the ratios. Speed is reported, never asserted.
/// </summary>
public static class BenchCommand
{
    static readonly string[] Workloads = ["forward", "forward_backward", "gradcam", "gradcampp", "saliency", "smoothgrad20", "scorecam32"];

    public static Command Build()
    {
        var reps = CliOptions.Ranged("--reps", "repetitions per workload after one warm-up", 1, 50, 5);
        var python = new Option<string>("--python") { Description = "the baseline's interpreter (Debian's, with python3-torch)", DefaultValueFactory = _ => "/usr/bin/python3" };
        var markdown = new Option<string?>("--markdown") { Description = "write the table to this file (docs/performance.md)" };
        var cmd = new Command("bench", "Time the VGG16 workloads against the Python baseline in one run") { reps, python, markdown };
        cmd.SetAction(r =>
        {
            var root = GoldenRepository.Root();
            using var net = ModelFactory.Build("vgg16", new WeightsSpec(WeightsKind.Hash, Seed: 1), linear: true, CPU);
            var rgb = KerasImage.LoadImg(Path.Combine(root, "fixtures", "images", "photos", "chelsea.png"), 224, 224);
            using var x = NpyTensor.ToTensor(ImagenetUtils.PreprocessCaffe(NpyArray.FromBytes(rgb.Data, 1, 224, 224, 3)));
            int cls;
            using (no_grad()) using (var y = net.forward(x)) cls = (int)y[0].argmax().item<long>();
            var rows = new List<(string Name, double Ours, double Theirs, double TheirRss)>();
            foreach (var w in Workloads)
            {
                var ours = Time(() => Run(w, net, x, cls), r.GetValue(reps));
                var (theirs, rss) = Baseline(r.GetValue(python)!, root, w, r.GetValue(reps));
                rows.Add((w, ours, theirs, rss));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w,-18} reference {ours,8:0.000} s   baseline {theirs,8:0.000} s   baseline/reference {theirs / ours,5:0.00}"));
            }
            double peak = PeakRssMb();
            var table = Table(rows, peak, r.GetValue(reps));
            Console.Write(table);
            if (r.GetValue(markdown) is { } md) AtomicFile.WriteAllText(md, table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static void Run(string w, Reference.Models.SpecNet net, Tensor x, int cls)
    {
        using var scope = NewDisposeScope();
        switch (w)
        {
            case "forward": using (no_grad()) net.forward(x); break;
            case "forward_backward": net.GradientAt(x, "block5_conv3", y => y[.., cls]); break;
            case "gradcam": GradCam.Compute(net, x, "block5_conv3", [cls]); break;
            case "gradcampp": GradCamPlusPlus.Compute(net, x, "block5_conv3", [cls]); break;
            case "saliency": Saliency.Vanilla(net, x, [cls]); break;
            case "smoothgrad20": Saliency.SmoothGradSeeded(net, x, [cls], 20, 0); break;
            default: ScoreCam.Compute(net, x, "block5_conv3", [cls], 32, keepMasks: false); break;
        }
    }

    static double Time(Action a, int reps)
    {
        a();
        var t = new List<double>();
        for (int i = 0; i < reps; i++) { var c = Stopwatch.StartNew(); a(); t.Add(c.Elapsed.TotalSeconds); }
        return Median(t);
    }

    static (double Median, double PeakRssMb) Baseline(string python, string root, string w, int reps)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in new[] { Path.Combine(root, "tools", "bench", "baseline.py"), w, reps.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new UsageException($"the Python baseline failed on {w}: {e.Trim().Split('\n').LastOrDefault()}");
        var j = JsonNode.Parse(o.Trim().Split('\n')[^1])!;
        return (Median(j[w]!.AsArray().Select(v => (double)v!).ToList()), (double)j["peak_rss_mb"]!);
    }

    /// <summary>This process's peak resident set (VmHWM in /proc/self/status), MB.</summary>
    static double PeakRssMb()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    static double Median(List<double> t) { t.Sort(); return t.Count % 2 == 1 ? t[t.Count / 2] : (t[t.Count / 2 - 1] + t[t.Count / 2]) / 2; }

    static string Table(List<(string Name, double Ours, double Theirs, double TheirRss)> rows, double peak, int reps)
    {
        double bare = rows.First(r => r.Name == "forward_backward").Ours;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"| workload (VGG16, 224², batch 1) | Reference median (s) | baseline median (s) | baseline / Reference | method / forward+backward | baseline peak RSS (MB) |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Ours:0.000} | {r.Theirs:0.000} | {r.Theirs / r.Ours:0.00} | {r.Ours / bare:0.00} | {r.TheirRss:0} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\nMedians of {reps} repetitions after one warm-up; the Reference's process peaked at {peak:0} MB RSS over all workloads (model built once).\n");
        return sb.ToString();
    }
}
