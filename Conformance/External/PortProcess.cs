using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>How a port's run ended: its exit code (null when it was killed at the deadline) and the end of its stderr.</summary>
public sealed record PortOutcome(int? ExitCode, bool TimedOut, string StderrTail);

/// <summary>
/// Runs a port's shell line as <c>setsid /bin/sh -c LINE sh ARGS…</c>: the shell leads a process group of its own, so
/// the whole group — every child it started, a background one holding stdout too — is killed when the port exits, at
/// its deadline, and when the harness itself exits or gets SIGINT/SIGTERM. stdout and stderr are read on their own
/// threads and only their last 64 KiB kept; nothing waits on them past the deadline.
/// </summary>
public static partial class PortProcess
{
    static readonly ConcurrentDictionary<int, bool> LiveGroups = new();
    static readonly Lock Starting = new();
    static int hooked;

    const string Setsid = "/usr/bin/setsid";

    public static PortOutcome Run(string shellLine, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan limit, Action? onTick = null)
    {
        HookExit();
        bool grouped = File.Exists(Setsid);
        var psi = new ProcessStartInfo(grouped ? Setsid : "/bin/sh")
            { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
                UseShellExecute = false };
        if (grouped) psi.ArgumentList.Add("/bin/sh");
        foreach (var a in new[] { "-c", shellLine, "sh" }.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment.Remove("KERASVIS_ROOT");
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = new Process { StartInfo = psi };
        lock (Starting)   // a SIGTERM between Start and the registration must still find the group (KillAll waits here)
        {
            p.Start();
            LiveGroups[p.Id] = grouped;
        }
        p.StandardInput.Close();
        var err = new StreamTail();
        var readers = new[]
        {
            Task.Factory.StartNew(() => err.Pump(p.StandardError.BaseStream), TaskCreationOptions.LongRunning),
            Task.Factory.StartNew(() => new StreamTail().Pump(p.StandardOutput.BaseStream), TaskCreationOptions.LongRunning),
        };
        var clock = Stopwatch.StartNew();
        bool exited;
        while (!(exited = p.WaitForExit(200)) && clock.Elapsed < limit) onTick?.Invoke();
        KillGroup(p, grouped);
        LiveGroups.TryRemove(p.Id, out _);
        if (!exited) p.WaitForExit(2000);
        Task.WaitAll(readers, TimeSpan.FromSeconds(1));
        return new PortOutcome(exited ? p.ExitCode : null, !exited, err.LastLines(6));
    }

    static void KillGroup(Process p, bool grouped)
    {
        if (grouped) _ = Kill(-p.Id, 9);
        try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Kills every live port group: at exit and on SIGINT/SIGTERM (<see cref="ExitCleanup"/>).</summary>
    static void KillAll()
    {
        lock (Starting)
        {
            foreach (var (pid, grouped) in LiveGroups) _ = Kill(grouped ? -pid : pid, 9);
            LiveGroups.Clear();
        }
    }

    static void HookExit()
    {
        if (Interlocked.Exchange(ref hooked, 1) == 0) ExitCleanup.OnExit(KillAll);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
