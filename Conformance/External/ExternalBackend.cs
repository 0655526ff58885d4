using System.Diagnostics;
using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>
/// Any program, in any language, as a backend, through files (docs/porting.md):
/// <list type="number">
/// <item>per case the harness writes a case folder: the golden's <c>manifest.json</c> unchanged, its input NPY files,
/// and an empty <c>out/</c>; the golden outputs are NOT copied;</item>
/// <item>it runs <c>/bin/sh -c '&lt;command&gt; "$@"' sh CASE_DIR…</c> (the command may place the folders itself with
/// <c>$1</c> or <c>$@</c>) in the repository root (fixture paths in the
/// manifests are relative to it) with KERASVIS_ROOT and KERASVIS_DEVICE set — one case folder per process, or with
/// <see cref="ExternalOptions.Batch"/> every folder in one process;</item>
/// <item>the program writes <c>out/&lt;file&gt;</c> for each output the manifest lists (NPY for arrays, UTF-8 for texts),
/// or <c>out/_unsupported.txt</c> (a reason: the case is skipped) or <c>out/_error.txt</c> (the case fails with it);</item>
/// <item>the harness compares the files as it compares the Reference's arrays.</item>
/// </list>
/// A crash, a time-out (the process tree is killed), nothing written, an unreadable NPY, a wrong shape or dtype: each is
/// that case's failure with the reason, and the run goes on.
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
        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentException($"the per-case time limit must be positive, got {options.Timeout}");
        this.options = options;
        ownsWork = options.WorkDir is null;
        work = Path.GetFullPath(options.WorkDir ?? Path.Combine(Path.GetTempPath(), $"kerasvis-external-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]));
        Directory.CreateDirectory(work);
    }

    public string Name => options.Name;
    public IReadOnlyList<string> Devices => ["cpu", "cuda"];
    public string? Supports(GoldenCase c, string device) => device is "cpu" or "cuda" ? null : $"unknown device '{device}' (devices: cpu, cuda)";
    public string Describe() => $"{options.Name} (command: {options.Command}; {(options.Batch ? "one process for all cases" : "one process per case")}; limit {options.Timeout.TotalSeconds:0.#} s per case)";

    /// <summary>Batch mode: writes every case folder and runs the command once over all of them; <see cref="Run"/> then
    /// only reads each folder's outputs. Without batch mode this does nothing.</summary>
    public void Prepare(IReadOnlyList<GoldenCase> cases, string device)
    {
        if (!options.Batch || cases.Count == 0) return;
        var dirs = new List<string>();
        foreach (var c in cases)
        {
            // a malformed golden is left out here; its own run reports it (CaseRunner reads the inputs first)
            try { dirs.Add(folders[c.Id] = WriteCaseFolder(c, c.ReadInputs())); }
            catch (GoldenFormatException) { }
            catch (NpyFormatException) { }
        }
        if (dirs.Count == 0) return;
        var outcome = Execute(dirs, device, options.Timeout * dirs.Count);
        if (outcome is not null)
            foreach (var c in cases.Where(c => folders.ContainsKey(c.Id))) batchFailure[c.Id] = outcome;
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
            dir = WriteCaseFolder(c, inputs);
            processFailure = Execute([dir], device, options.Timeout);
        }
        return ReadOutputs(c, dir, processFailure);
    }

    /// <summary>The case folder: manifest.json (the golden's bytes), the input NPY files, an empty out/.</summary>
    string WriteCaseFolder(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        var dir = Path.Combine(work, $"{Interlocked.Increment(ref counter):000}-{c.Id.Replace('/', '-')}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        File.Copy(c.ManifestPath, Path.Combine(dir, "manifest.json"));
        foreach (var spec in c.Inputs)
            Npy.Write(Path.Combine(dir, spec.File), inputs.TryGetValue(spec.Name, out var a) ? a : throw new ArgumentException($"input '{spec.Name}' missing"));
        return dir;
    }

    /// <summary>Runs the command over the folders; null when it exited 0 in time, else what went wrong (with the end
    /// of its stderr).</summary>
    string? Execute(IReadOnlyList<string> dirs, string device, TimeSpan limit)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = GoldenRepository.Root(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ShellLine(options.Command));
        psi.ArgumentList.Add("sh");
        foreach (var d in dirs) psi.ArgumentList.Add(d);
        psi.Environment["KERASVIS_ROOT"] = GoldenRepository.Root();
        psi.Environment["KERASVIS_DEVICE"] = device;
        var stderr = new StringBuilder();
        var stdout = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        try { p.Start(); }
        catch (Exception e) { return $"could not start /bin/sh for the command '{options.Command}': {e.Message}"; }
        p.BeginErrorReadLine(); p.BeginOutputReadLine();
        if (!p.WaitForExit(limit))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            return $"the port timed out after {limit.TotalSeconds:0.#} s (process tree killed){Tail(stderr)}";
        }
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"the port exited with code {p.ExitCode}{Tail(stderr)}";
    }

    /// <summary>The shell line: the command with the case folders appended as arguments, unless it places them itself
    /// with <c>$1</c>, <c>$@</c> or <c>$*</c> (a shell snippet such as <c>for d in "$@"; do …; done</c>).</summary>
    public static string ShellLine(string command) =>
        System.Text.RegularExpressions.Regex.IsMatch(command, @"\$(\{?[1-9@*])") ? command : command + " \"$@\"";

    static string Tail(StringBuilder sb)
    {
        string s;
        lock (sb) s = sb.ToString().TrimEnd();
        if (s.Length == 0) return "";
        var lines = s.Split('\n');
        return "; its stderr ends: " + string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 6)).Select(l => l.TrimEnd()));
    }

    CaseOutputs ReadOutputs(GoldenCase c, string dir, string? processFailure)
    {
        var outDir = Path.Combine(dir, "out");
        var unsupported = Path.Combine(outDir, "_unsupported.txt");
        if (File.Exists(unsupported)) throw new BackendDeclinedException($"the port does not support this case: {File.ReadAllText(unsupported).Trim()}");
        var error = Path.Combine(outDir, "_error.txt");
        if (File.Exists(error)) throw new BackendFailureException($"the port reported an error: {File.ReadAllText(error).Trim()}{(processFailure is null ? "" : $" ({processFailure})")}");
        var written = Directory.Exists(outDir) ? Directory.GetFiles(outDir) : [];
        if (processFailure is not null)
            throw new BackendFailureException(written.Length == 0 ? $"{processFailure}; it wrote nothing in {outDir}" : processFailure);
        if (written.Length == 0)
            throw new BackendFailureException($"the port exited 0 but wrote nothing in {outDir} (expected {string.Join(", ", c.Outputs.Select(o => o.File))})");
        var o = new CaseOutputs();
        foreach (var spec in c.Outputs)
        {
            var path = Path.Combine(outDir, spec.File);
            if (!File.Exists(path)) continue; // the comparison names the missing output
            if (spec.Kind == OutputKind.Text) o.Texts[spec.Name] = File.ReadAllText(path, Encoding.UTF8);
            else
            {
                try { o.Arrays[spec.Name] = Npy.Read(path); }
                catch (NpyFormatException e) { throw new BackendFailureException($"output '{spec.Name}': {e.Message}"); }
            }
        }
        if (!options.KeepWork) TryDelete(dir);
        return o;
    }

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (ownsWork && !options.KeepWork) TryDelete(work);
    }
}
