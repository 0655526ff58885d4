using System.Diagnostics;

namespace KerasVis.Tests;

/// <summary>What the tests of ports that linger share: finding processes by command line, waiting for a condition,
/// and sending a signal.</summary>
static class ProcessProbe
{
    /// <summary>The processes whose command line matches <paramref name="pattern"/> (<c>pgrep -f</c>).</summary>
    public static List<string> Pgrep(string pattern)
    {
        var psi = new ProcessStartInfo("pgrep", ["-f", pattern]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return o.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Polls every 100 ms until <paramref name="done"/> holds or <paramref name="seconds"/> pass (the asserts
    /// after it say which).</summary>
    public static void WaitFor(Func<bool> done, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed.TotalSeconds < seconds) Thread.Sleep(100);
    }

    /// <summary>The external backend's work folders of process <paramref name="pid"/> (named kerasvis-external-PID-…).</summary>
    public static List<string> WorkFolders(int pid) => Directory.GetDirectories(Path.GetTempPath(), $"kerasvis-external-{pid}-*").ToList();

    /// <summary><c>conformance ARGS</c> started as its own process with the default action for every signal (a test
    /// runner started as a background job passes SIGINT and SIGQUIT on ignored, as POSIX says).</summary>
    public static Process StartCli(string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in new[] { "--default-signal", "dotnet", Path.Combine(AppContext.BaseDirectory, "conformance.dll") }.Concat(args))
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    public static extern int Kill(int pid, int signal);
}
