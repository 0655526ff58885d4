using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>What must not outlive the harness — a port's process group, a work or staging folder — registered here is
/// cleaned up when the process exits and when it gets SIGINT or SIGTERM (then the default action ends it).</summary>
public static class ExitCleanup
{
    static readonly ConcurrentDictionary<string, bool> Folders = new();
    static readonly ConcurrentBag<Action> Actions = [];
    static readonly List<PosixSignalRegistration> Signals = [];
    static int hooked;

    public static void RemoveOnExit(string folder) { Hook(); Folders[folder] = true; }

    public static void Forget(string folder) => Folders.TryRemove(folder, out _);

    /// <summary>Runs <paramref name="action"/> at exit and on SIGINT/SIGTERM (before the folders are removed).</summary>
    public static void OnExit(Action action) { Hook(); Actions.Add(action); }

    static void Run()
    {
        foreach (var a in Actions)
            try { a(); }
            catch (InvalidOperationException) { }
        foreach (var (dir, _) in Folders)
            try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        Folders.Clear();
    }

    static void Hook()
    {
        if (Interlocked.Exchange(ref hooked, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run();
        lock (Signals)
            foreach (var s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
                Signals.Add(PosixSignalRegistration.Create(s, _ => Run()));
    }
}
