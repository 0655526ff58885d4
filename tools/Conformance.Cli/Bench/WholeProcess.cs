using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace KerasVis.Cli.Bench;

/// <summary>One whole-process run: a fresh process starts its runtime, builds the model and the input, runs the workload once
/// and exits; <see cref="Wall"/> is spawn to exit as the parent sees it, <see cref="InProcess"/> the workload alone as the
/// child timed it, <see cref="PeakRssMb"/> the child's resident peak over its whole life (VmHWM at exit).</summary>
public sealed record WholeRun(double Wall, double InProcess, double PeakRssMb);

/// <summary>Starts those processes: this CLI (<c>bench --once NAME</c>) and the Python baseline (<c>baseline.py once NAME
/// THREADS</c>, optionally on OpenBLAS through LD_LIBRARY_PATH), each with nothing cached from an earlier run but the
/// page cache (the baseline's counter-hash weights are read from the .npy files its server wrote: a user's weights are a
/// file too, and NumPy's hash is 7× slower than ours — that would flatter the Reference).</summary>
public static class WholeProcess
{
    public static WholeRun Reference(string workload)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "bench", "--once", workload }) psi.ArgumentList.Add(a);
        return Run(psi, "the Reference");
    }

    public static WholeRun Baseline(string python, string root, string workload, int threads, string? blasDirectory)
    {
        var psi = new ProcessStartInfo(python) { WorkingDirectory = root };
        if (blasDirectory is not null) psi.Environment["LD_LIBRARY_PATH"] = blasDirectory;
        foreach (var a in new[] { Path.Combine(root, "tools", "bench", "baseline.py"), "once", workload, threads.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        return Run(psi, "the Python baseline");
    }

    static WholeRun Run(ProcessStartInfo psi, string who)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new UsageException($"{who} could not start ({psi.FileName})");
        var err = p.StandardError.ReadToEndAsync();
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        var last = lines.LastOrDefault(l => l.StartsWith('{'));
        if (p.ExitCode != 0 || last is null || JsonNode.Parse(last) is not JsonObject j || j["seconds"] is null)
            throw new UsageException($"{who}'s whole-process run '{string.Join(' ', psi.ArgumentList.Skip(1))}' failed (exit {p.ExitCode}): " +
                string.Join(" | ", err.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3)));
        return new WholeRun(wall, (double)j["seconds"]!, (double)j["peak_rss_mb"]!);
    }
}
