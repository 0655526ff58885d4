using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>How a port's run ended: its exit code (null when it was killed at the deadline) and the start and end of its
/// stderr.</summary>
public sealed record PortOutcome(int? ExitCode, bool TimedOut, string Stderr);

/// <summary>
/// Runs a port's shell line as <c>PREFIX /bin/sh -c LINE sh ARGS…</c>, where <see cref="PortContainment"/> chooses the
/// prefix (a PID namespace of its own where Linux allows it): the shell leads a process group of its own, so the whole
/// group — every child it started, a background one holding stdout too — is killed when the port exits, at its deadline,
/// and when the harness itself exits or gets SIGINT, SIGTERM, SIGHUP or SIGQUIT; what detached from the group dies with
/// the namespace (or, without one, as an orphan re-parented here). stdout and stderr are read on their own threads and
/// only their last 64 KiB kept; nothing waits on them past the deadline.
/// </summary>
public static partial class PortProcess
{
    static readonly ConcurrentDictionary<int, bool> LiveGroups = new();
    static readonly Lock Starting = new();
    static int hooked;

    public static PortOutcome Run(string shellLine, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan limit, Action? onTick = null)
    {
        HookExit();
        bool grouped = PortContainment.Grouped;
        var prefix = PortContainment.Prefix;
        var psi = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : "/bin/sh")
            { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
                UseShellExecute = false };
        foreach (var a in prefix.Skip(1).Concat(prefix.Count > 0 ? ["/bin/sh"] : []).Concat(["-c", shellLine, "sh"]).Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment.Remove("KERASVIS_ROOT");
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = new Process { StartInfo = psi };
        lock (Starting)   // a SIGTERM between Start and the registration must still find the group (KillAll waits here)
        {
            if (ExitCleanup.Stopping) return new PortOutcome(null, false, "not started: the check is stopping");
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
        onTick?.Invoke();   // what was written between the last tick and the exit
        KillGroup(p, grouped);
        LiveGroups.TryRemove(p.Id, out _);
        if (!exited) p.WaitForExit(2000);
        PortContainment.EndOrphans(LiveGroups.Keys);
        Task.WaitAll(readers, TimeSpan.FromSeconds(1));
        return new PortOutcome(exited ? p.ExitCode : null, !exited, err.Summary(6));
    }

    static void KillGroup(Process p, bool grouped)
    {
        if (grouped) _ = Kill(-p.Id, 9);
        try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Kills every live port group and every orphan: at exit and on SIGINT, SIGTERM, SIGHUP and SIGQUIT
    /// (<see cref="ExitCleanup"/>).</summary>
    static void KillAll()
    {
        lock (Starting)
        {
            foreach (var (pid, grouped) in LiveGroups) _ = Kill(grouped ? -pid : pid, 9);
            LiveGroups.Clear();
            PortContainment.EndOrphans([]);
        }
    }

    static void HookExit()
    {
        if (Interlocked.Exchange(ref hooked, 1) == 0) ExitCleanup.OnExit(KillAll);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
