namespace KerasVis.Conformance.External;

/// <summary>One row of Linux's process table as <c>/proc/PID/stat</c> gives it.</summary>
public sealed record ProcEntry(int Pid, char State, int Parent, int Group, int Session)
{
    public bool Zombie => State is 'Z' or 'X';
}

/// <summary>Reads <c>/proc/PID/stat</c>: "pid (comm) state ppid pgrp session …", where comm may hold spaces and
/// parentheses, so the fields are read after its last ')'.</summary>
public static class ProcTable
{
    public static IEnumerable<ProcEntry> All()
    {
        if (!Directory.Exists("/proc")) yield break;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out int pid) && Read(pid) is { } e) yield return e;
    }

    public static IEnumerable<ProcEntry> Children(int parent) => All().Where(e => e.Parent == parent);

    public static ProcEntry? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var f = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return f.Length >= 4 && f[0].Length == 1 && int.TryParse(f[1], out int ppid) && int.TryParse(f[2], out int pgrp) && int.TryParse(f[3], out int sid)
            ? new ProcEntry(pid, f[0][0], ppid, pgrp, sid)
            : null;
    }

    /// <summary>Whether a process with this id exists now (Linux; elsewhere always true, so nothing is taken for stale).</summary>
    public static bool Alive(int pid) => !OperatingSystem.IsLinux() || Directory.Exists($"/proc/{pid}");
}
