using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KerasVis.Conformance.External;

/// <summary>
/// How a port's processes are kept from outliving the check, however they detach (double fork, <c>setsid</c>, a daemon
/// holding the pipes or a file lease), and even when the checker itself is killed with SIGKILL:
/// <list type="bullet">
/// <item><see cref="Kind.Namespace"/> (Linux with util-linux, the usual case): the port runs as
/// <c>setsid setpriv --pdeathsig KILL -- unshare --pid --fork --kill-child [--user --map-current-user] -- /bin/sh …</c>.
/// The shell is the first process of a PID namespace of its own; when it ends or is killed, the kernel kills every
/// process left in that namespace and waits for them before the shell's exit is seen, so no daemon can escape.
/// <c>setpriv</c>'s parent-death signal ends <c>unshare</c> when the checker dies, and <c>--kill-child</c> then ends the
/// namespace.</item>
/// <item><see cref="Kind.Subreaper"/> (Linux where namespaces are refused): <c>setsid</c>, and this process is a child
/// subreaper (<c>prctl(PR_SET_CHILD_SUBREAPER)</c>), so a detached descendant is re-parented here instead of to init;
/// <see cref="EndOrphans"/> kills every such orphan when a port ends. A SIGKILL of the checker cannot be handled here.</item>
/// <item><see cref="Kind.Group"/> (no util-linux) and <see cref="Kind.Plain"/> (not Linux): the process group, or the shell
/// alone.</item>
/// </list>
/// The kind is probed once (one short run of <c>/bin/sh -c 'exit 0'</c> under the namespace prefix; <see cref="Variable"/>
/// may ask for a weaker one) and said once on stderr
/// when it is weaker than <see cref="Kind.Namespace"/>.
/// </summary>
public static partial class PortContainment
{
    public enum Kind { Namespace, Subreaper, Group, Plain }

    const string Setsid = "/usr/bin/setsid", Setpriv = "/usr/bin/setpriv", Unshare = "/usr/bin/unshare";

    static readonly Lazy<(Kind Kind, string[] Prefix)> Probed = new(Probe);

    public static Kind Current => Probed.Value.Kind;

    /// <summary>The program and arguments placed before <c>/bin/sh -c LINE sh ARGS…</c> (empty for <see cref="Kind.Plain"/>).</summary>
    public static IReadOnlyList<string> Prefix => Probed.Value.Prefix;

    /// <summary>True when the port leads a process group of its own (killed as <c>kill(-pid)</c>).</summary>
    public static bool Grouped => Current != Kind.Plain;

    /// <summary>Asks for a weaker kind than the probe would choose ("subreaper", "group" or "plain"), for a machine where
    /// namespaces misbehave and for the tests of each kind.</summary>
    public const string Variable = "KERASVIS_PORT_CONTAINMENT";

    static (Kind, string[]) Probe()
    {
        if (!OperatingSystem.IsLinux()) return (Kind.Plain, []);
        var asked = Environment.GetEnvironmentVariable(Variable);
        if (asked == "plain") return (Kind.Plain, []);
        if (!File.Exists(Setsid)) return Weaker(Kind.Plain, [], "setsid is missing: a port's detached processes may outlive the check");
        if (asked == "group") return (Kind.Group, [Setsid]);
        if (asked == "subreaper") return Prctl(36, 1, 0, 0, 0) == 0 ? (Kind.Subreaper, [Setsid]) : (Kind.Group, [Setsid]);
        bool root = Geteuid() == 0;
        string[][] namespaced = root
            ? [["--pid"]]
            : [["--user", "--map-current-user", "--pid"], ["--user", "--pid"]];
        if (File.Exists(Setpriv) && File.Exists(Unshare))
            foreach (var flags in namespaced)
            {
                string[] prefix = [Setsid, Setpriv, "--pdeathsig", "KILL", "--", Unshare, .. flags, "--fork", "--kill-child", "--"];
                if (Works(prefix)) return (Kind.Namespace, prefix);
            }
        if (Prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0)
            return Weaker(Kind.Subreaper, [Setsid], "PID namespaces are unavailable here (unshare --pid refused); a port's detached processes are " +
                "ended when it ends, but not if the checker is killed with SIGKILL");
        return Weaker(Kind.Group, [Setsid], "neither PID namespaces nor a child subreaper are available: a port's detached processes may outlive the check");
    }

    static (Kind, string[]) Weaker(Kind kind, string[] prefix, string why)
    {
        Console.Error.WriteLine($"note: {why}");
        return (kind, prefix);
    }

    static bool Works(string[] prefix)
    {
        var psi = new ProcessStartInfo(prefix[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix.Skip(1).Concat(["/bin/sh", "-c", "exit 0"])) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            _ = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (p.WaitForExit(10_000)) return p.ExitCode == 0;
            p.Kill(entireProcessTree: true);
            return false;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>In <see cref="Kind.Subreaper"/> mode: kills every process re-parented to this one that is neither a port
    /// still running (<paramref name="live"/>) nor in this process's own session, round after round until none is left
    /// (a killed orphan's children are re-parented here in turn), and reaps them. Elsewhere it does nothing.</summary>
    public static void EndOrphans(ICollection<int> live)
    {
        if (Current != Kind.Subreaper) return;
        int self = Environment.ProcessId, session = Getsid(0);
        for (int round = 0; round < 100; round++)
        {
            var orphans = ProcTable.Children(self).Where(c => !live.Contains(c.Pid) && c.Session != session && !live.Contains(c.Session)).ToList();
            if (orphans.Count == 0) return;
            foreach (var o in orphans)
            {
                if (!o.Zombie) _ = Kill(o.Pid, 9);
                _ = Waitpid(o.Pid, IntPtr.Zero, 0);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getsid")]
    private static partial int Getsid(int pid);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int Waitpid(int pid, IntPtr status, int options);
}
