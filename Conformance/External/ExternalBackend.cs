using System.Globalization;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>
/// Any program, in any language, as a backend, through files (docs/porting.md):
/// <list type="number">
/// <item>per case the harness writes a case folder (<see cref="CaseFolder"/>): the manifest, the inputs, an empty
/// <c>out/</c>; never the golden outputs;</item>
/// <item>it runs <c>/bin/sh -c '&lt;command&gt; "$@"' sh CASE_DIR…</c> in the caller's folder, in a process group of its
/// own (<see cref="PortProcess"/>), with KERASVIS_FIXTURES (the fixtures folder manifests name paths in) and
/// KERASVIS_DEVICE set: one case folder per process, or every folder in one process with
/// <see cref="ExternalOptions.Batch"/> (its own deadline, progress per case as outputs appear);</item>
/// <item>the program writes <c>out/&lt;file&gt;</c> for each output the manifest lists, or <c>out/_unsupported.txt</c>
/// (the case is skipped with its reason) or <c>out/_error.txt</c> (the case fails with it);</item>
/// <item>the harness reads back regular files only, bounded in size, and compares them.</item>
/// </list>
/// A crash, a time-out (the whole process group is killed), nothing written, a link, FIFO or oversized file, an
/// unreadable NPY, a wrong shape or dtype: each is that case's failure with the reason, and the run goes on. The work
/// folder is removed on exit and on SIGINT/SIGTERM.
/// </summary>
public sealed class ExternalBackend : IBackend, IBatchBackend, IDisposable
{
    readonly ExternalOptions options;
    readonly string work;
    readonly bool ownsWork;
    readonly Dictionary<string, string> folders = new();
    readonly Dictionary<string, string> batchFailure = new();
    int counter;

    public ExternalBackend(ExternalOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Command)) throw new ArgumentException("the external backend needs --command");
        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentException($"the per-case time limit must be positive, got {options.Timeout.TotalSeconds} s");
        this.options = options;
        ownsWork = options.WorkDir is null;
        if (ownsWork)
        {
            StaleFolders.Sweep(Path.GetTempPath(), "kerasvis-external-");
            StaleFolders.RuntimeFiles();   // what killed checks (and other .NET programs) left: their processes are gone
        }
        work = Path.GetFullPath(options.WorkDir ?? Path.Combine(Path.GetTempPath(), $"kerasvis-external-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]));
        Directory.CreateDirectory(work);
        if (ownsWork && !options.KeepWork) ExitCleanup.RemoveOnExit(work);
    }

    public string Name => options.Name;
    public IReadOnlyList<string> Devices => ["cpu", "cuda"];
    public string? Supports(GoldenCase c, string device) => device is "cpu" or "cuda" ? null : $"unknown device '{device}' (devices: cpu, cuda)";
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{options.Name} (command: {options.Command}; {(options.Batch ? "one process for all cases" : "one process per case")}; " +
            $"limit {options.Timeout.TotalSeconds:0.#} s per case)");

    /// <summary>Batch mode: writes every case folder and runs the command once over all of them, reporting each case as
    /// its outputs appear; <see cref="Run"/> then only reads each folder. Without batch mode this does nothing.</summary>
    public void Prepare(IReadOnlyList<GoldenCase> cases, string device)
    {
        if (!options.Batch || cases.Count == 0) return;
        var ready = new List<GoldenCase>();
        foreach (var c in cases)
        {
            // a malformed golden is left out here; its own run reports it (CaseRunner reads the inputs first)
            try { folders[c.Id] = ExitCleanup.WhileRunning(() => CaseFolder.Write(NextFolder(c), c, c.ReadInputs())); ready.Add(c); }
            catch (OperationCanceledException) { return; }
            catch (GoldenFormatException) { }
            catch (NpyFormatException) { }
        }
        if (ready.Count == 0) return;
        var pending = ready.ToList();
        int done = 0;
        void Tick()
        {
            foreach (var c in pending.Where(c => CaseFolder.Finished(c, folders[c.Id])).ToList())
            {
                pending.Remove(c);
                options.Progress?.Invoke($"  port: {++done}/{ready.Count} {c.Id} written");
            }
        }
        var limit = options.BatchTimeout ?? ExternalOptions.DefaultBatchDeadline(ready.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in Chunks(ready, c => folders[c.Id].Length + 1))
        {
            var left = limit - clock.Elapsed;
            var outcome = left <= TimeSpan.Zero ? "the batch deadline passed before this part of the batch could start"
                : Execute([.. chunk.Select(c => folders[c.Id])], device, left, Tick);
            if (outcome is not null) BlameUnwritten(chunk, outcome);
        }
    }

    /// <summary>After a batch run that failed: the cases whose outputs (or note) the port had written are compared as
    /// usual; the first unwritten case carries the failure whole, each later one a line pointing at it.</summary>
    void BlameUnwritten(List<GoldenCase> chunk, string outcome)
    {
        var unwritten = chunk.Where(c => !CaseFolder.Finished(c, folders[c.Id])).ToList();
        if (unwritten.Count == 0) return;
        var first = unwritten[0];
        var keep = options.KeepWork ? $"; its case folder is kept: {folders[first.Id]}"
            : "; --keep-work DIR keeps the case folders to rerun the port on them by hand";
        batchFailure[first.Id] = $"{outcome} ({chunk.Count - unwritten.Count} of {chunk.Count} cases were written before it stopped){keep}";
        foreach (var c in unwritten.Skip(1)) batchFailure[c.Id] = $"{CaseFolder.NotWritten}the port stopped before this case (see {first.Id})";
    }

    /// <summary>The most bytes of case-folder arguments one run of the port gets: far below Linux's ARG_MAX (2 MiB with
    /// the environment), so a long TMPDIR or thousands of cases split the batch into several runs instead of failing
    /// every case with "Argument list too long".</summary>
    public const int MaxArgumentBytes = 256 * 1024;

    public static IEnumerable<List<T>> Chunks<T>(IEnumerable<T> items, Func<T, int> size)
    {
        var chunk = new List<T>();
        int bytes = 0;
        foreach (var item in items)
        {
            if (chunk.Count > 0 && bytes + size(item) > MaxArgumentBytes)
            {
                yield return chunk;
                (chunk, bytes) = ([], 0);
            }
            chunk.Add(item);
            bytes += size(item);
        }
        if (chunk.Count > 0) yield return chunk;
    }

    public CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string device)
    {
        string dir;
        string? processFailure;
        if (options.Batch && folders.TryGetValue(c.Id, out var prepared))
        {
            dir = prepared;
            processFailure = batchFailure.GetValueOrDefault(c.Id);
        }
        else
        {
            dir = ExitCleanup.WhileRunning(() => CaseFolder.Write(NextFolder(c), c, inputs));
            processFailure = Execute([dir], device, options.Timeout);
        }
        try { return CaseFolder.Read(c, dir, processFailure); }
        finally { if (!options.KeepWork) TryDelete(dir); }
    }

    string NextFolder(GoldenCase c) => Path.Combine(work, $"{Interlocked.Increment(ref counter):000}-{c.Id.Replace('/', '-')}");

    /// <summary>Runs the command over the folders; null when it exited 0 in time, else what went wrong.</summary>
    string? Execute(IReadOnlyList<string> dirs, string device, TimeSpan limit, Action? onTick = null)
    {
        var env = new Dictionary<string, string>
        {
            ["KERASVIS_FIXTURES"] = Path.Combine(GoldenRepository.Root(), "fixtures"),
            ["KERASVIS_DEVICE"] = device,
        };
        PortOutcome r;
        try { r = PortProcess.Run(ShellLine(options.Command), dirs, options.WorkingDirectory ?? Environment.CurrentDirectory, env, limit, onTick); }
        catch (System.ComponentModel.Win32Exception e) { return $"could not start /bin/sh for the command '{options.Command}': {e.Message}"; }
        var tail = r.Stderr.Length == 0 ? "" : "; its stderr: " + r.Stderr;
        if (r.TimedOut) return string.Create(CultureInfo.InvariantCulture,
            $"the port timed out after {limit.TotalSeconds:0.#} s (its process group was killed){tail}");
        return r.ExitCode == 0 ? null : $"the port exited with code {r.ExitCode}{tail}";
    }

    /// <summary>The shell line: the command with the case folders appended as arguments, unless it places them itself
    /// with <c>$@</c>, <c>$*</c> or <c>$1</c>… (a shell snippet such as <c>for d in "$@"; do …; done</c>).</summary>
    public static string ShellLine(string command) =>
        System.Text.RegularExpressions.Regex.IsMatch(command, @"\$(\{?[1-9@*])") ? command : command + " \"$@\"";

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (ownsWork && !options.KeepWork)
        {
            TryDelete(work);
            ExitCleanup.Forget(work);
        }
    }
}
