using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>What must not outlive the harness — a port's process group, a work or staging folder — registered here is
/// cleaned up when the process exits and when it gets SIGINT, SIGTERM, SIGHUP or SIGQUIT (then the default action
/// ends it). SIGKILL cannot be caught: a port then dies with its PID namespace (<c>PortContainment</c>) and the folders
/// left behind are removed by the next run (<see cref="StaleFolders"/>).</summary>
public static partial class ExitCleanup
{
    static readonly ConcurrentDictionary<string, bool> Folders = new();
    static readonly ConcurrentBag<Action> Actions = [];
    static readonly List<PosixSignalRegistration> Signals = [];
    static int hooked;

    public static void RemoveOnExit(string folder) { Hook(); Folders[folder] = true; }

    public static void Forget(string folder) => Folders.TryRemove(folder, out _);

    /// <summary>Runs <paramref name="action"/> at exit and on the signals above (before the folders are removed).</summary>
    public static void OnExit(Action action) { Hook(); Actions.Add(action); }

    static void Run()
    {
        foreach (var a in Actions)
            try { a(); }
            catch (InvalidOperationException) { }
        // a few tries each: the main thread may be removing a case folder inside it at the same moment, and a recursive
        // delete that meets an entry vanishing under it gives up
        foreach (var (dir, _) in Folders)
            for (int attempt = 0; attempt < 5 && Directory.Exists(dir); attempt++)
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { Thread.Sleep(20); }
                catch (UnauthorizedAccessException) { break; }
        // the folders stay listed: a case the main thread was still starting may make one again before the exit, and
        // the exit's own run (ProcessExit) removes it then
    }

    /// <summary>True once a stopping signal arrived: no new port may start (<c>PortProcess</c> refuses) and no new
    /// folder may be made (<see cref="WhileRunning"/>).</summary>
    public static bool Stopping { get; private set; }

    static readonly Lock Gate = new();

    /// <summary>Makes something that must be cleaned up (a case folder) unless a stopping signal has arrived, in which
    /// case it throws: the signal's cleanup and this never interleave, so nothing is made after the cleanup ran.</summary>
    public static T WhileRunning<T>(Func<T> make)
    {
        lock (Gate)
            return Stopping ? throw new OperationCanceledException("the check is stopping (a signal arrived)") : make();
    }

    static void Hook()
    {
        if (Interlocked.Exchange(ref hooked, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run();
        lock (Signals)
            foreach (var s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                Signals.Add(PosixSignalRegistration.Create(s, context =>
                {
                    lock (Gate) Stopping = true;
                    Run();
                    // end here, at once, with the shell's code for the signal: returning would let the main thread go on
                    // (start a report, a case folder) while the runtime shuts down, and SIGQUIT's default would dump core
                    context.Cancel = true;
                    ExitNow(128 + context.Signal switch { PosixSignal.SIGHUP => 1, PosixSignal.SIGINT => 2, PosixSignal.SIGQUIT => 3, _ => 15 });
                }));
        // SIGXFSZ (a write past `ulimit -f`) would kill the process and leave its folders: ignored, the write fails with
        // EFBIG instead, which names the file like any other full disk (Linux numbers it 25 on every architecture)
        if (OperatingSystem.IsLinux())
            lock (Signals)
                Signals.Add(PosixSignalRegistration.Create((PosixSignal)25, context => context.Cancel = true));
    }

    /// <summary><c>_exit(2)</c>: every thread ends now, no handler runs again (the cleanup above already ran).</summary>
    static void ExitNow(int code)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        StaleFolders.RuntimeFiles(Environment.ProcessId);   // the runtime removes its diagnostics socket only on a normal exit
        if (OperatingSystem.IsWindows()) Environment.Exit(code);
        else Exit(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int code);
}
