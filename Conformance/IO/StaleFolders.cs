using System.Text.RegularExpressions;
using KerasVis.Conformance.External;

namespace KerasVis.Conformance.IO;

/// <summary>
/// Folders a killed run left behind. A work or staging folder's name carries the id of the process that made it
/// (<c>kerasvis-external-PID-…</c>, <c>.NAME.staging-PID-…</c>, <c>.NAME.old-PID-…</c>); SIGKILL gives that process no
/// chance to remove it, so the next run removes every such folder whose process no longer exists — and, where the run
/// was killed between moving the previous folder aside and moving the new one in, moves the previous one back.
/// </summary>
public static partial class StaleFolders
{
    /// <summary>Removes <paramref name="parent"/>'s entries named <paramref name="prefix"/>PID-… whose process is gone.</summary>
    public static void Sweep(string parent, string prefix, Action<string>? restore = null)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(parent)) return;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateDirectories(parent, prefix + "*").ToList(); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (var dir in entries)
        {
            var m = PidAfter().Match(Path.GetFileName(dir)[prefix.Length..]);
            if (!m.Success || !int.TryParse(m.Groups[1].Value, out int pid) || pid == Environment.ProcessId || ProcTable.Alive(pid)) continue;
            try
            {
                if (restore is not null) restore(dir);
                else Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Removes the .NET runtime's files in the temporary folder (<c>dotnet-diagnostic-PID-…-socket</c>,
    /// <c>clr-debug-pipe-PID-…</c>) of process <paramref name="pid"/>, or with no pid, of every process that is gone.</summary>
    public static void RuntimeFiles(int? pid = null)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var prefix in new[] { "dotnet-diagnostic-", "clr-debug-pipe-" })
        {
            string[] files;
            try { files = Directory.GetFiles(Path.GetTempPath(), prefix + (pid is { } p ? $"{p}-*" : "*")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            foreach (var f in files)
            {
                var rest = Path.GetFileName(f)[prefix.Length..];
                int dash = rest.IndexOf('-');
                if (dash <= 0 || !int.TryParse(rest[..dash], out int owner) || (pid is null && (owner == Environment.ProcessId || ProcTable.Alive(owner))))
                    continue;
                try { File.Delete(f); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    [GeneratedRegex("^([0-9]{1,10})-[0-9a-f]{8,32}$")]
    private static partial Regex PidAfter();
}
