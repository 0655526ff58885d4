using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasVis.Cli.Bench;

/// <summary>The Python baseline (tools/bench/baseline.py serve) as one long-lived process: each <see cref="Run"/> sends a
/// workload name and reads back its seconds and peak RSS, so the two sides can alternate workload by workload.</summary>
public sealed class BaselineServer : IDisposable
{
    readonly Process process;
    public string Versions { get; }

    /// <param name="blasDirectory">a folder holding another libblas.so.3 (Debian's OpenBLAS) put in front of the system's
    /// for this process only (LD_LIBRARY_PATH); null keeps the system's (Debian's reference BLAS)</param>
    public BaselineServer(string python, string root, int threads, string? blasDirectory = null)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = root };
        if (blasDirectory is not null) psi.Environment["LD_LIBRARY_PATH"] = blasDirectory;
        foreach (var a in new[] { Path.Combine(root, "tools", "bench", "baseline.py"), "serve",
            threads.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new UsageException($"the Python baseline could not start ({python}): {e.Message}"); }
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (stderr) { stderr.Enqueue(l); while (stderr.Count > 6) stderr.Dequeue(); } };
        process.BeginErrorReadLine();
        var ready = Reply("start");
        Versions = $"PyTorch {ready["torch"]}, SciPy {ready["scipy"]}, {ready["threads"]} threads, BLAS {ready["blas"]}";
    }

    readonly Queue<string> stderr = new();

    /// <summary>Runs <paramref name="workload"/> <paramref name="times"/> times in the baseline: (seconds per run, peak RSS
    /// in MB during them).</summary>
    public (double Seconds, double PeakRssMb) Run(string workload, int times)
    {
        process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload} {times}"));
        process.StandardInput.Flush();
        var j = Reply(workload);
        if (j["error"] is { } e) throw new UsageException($"the Python baseline refused {workload}: {e}");
        return ((double)j["seconds"]!, (double)j["peak_rss_mb"]!);
    }

    JsonObject Reply(string what)
    {
        var line = process.StandardOutput.ReadLine();
        if (line is null)
        {
            process.WaitForExit(5000);
            string tail; lock (stderr) tail = string.Join(" | ", stderr);
            throw new UsageException($"the Python baseline stopped at {what} (install Debian's python3-torch, python3-scipy, python3-pil: make " +
                $"port-deps): {tail}");
        }
        return JsonNode.Parse(line)?.AsObject() ?? throw new UsageException($"the Python baseline wrote '{line}' at {what}");
    }

    public void Dispose()
    {
        try { process.StandardInput.Close(); if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}
