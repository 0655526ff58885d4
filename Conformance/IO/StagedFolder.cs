namespace KerasVis.Conformance.IO;

/// <summary>
/// A folder written whole or not at all (<c>run --out</c>, <c>check --report</c>): everything goes into a hidden
/// sibling staging folder, and <see cref="Commit"/> swaps it into place — the previous folder, if any, renamed aside
/// and removed only after the new one is there. Until then (a crash, SIGINT, SIGTERM) the destination keeps its
/// previous contents and the staging folder is removed. The destination is checked before any work starts: an existing,
/// non-empty folder is replaced only when it holds a <see cref="Marker"/> file this class wrote at its last commit and
/// nothing but the entries that marker lists (so <c>--report .</c> in a repository, or <c>--out</c> naming a case
/// folder or a folder a user added a file to, is refused and nothing is deleted).
/// </summary>
public sealed class StagedFolder : IDisposable
{
    public string Destination { get; }
    public string Staging { get; }
    bool committed;

    /// <summary>The file, in every folder this class committed, that lists the entries it wrote there.</summary>
    public const string Marker = ".kerasvis-written";

    public StagedFolder(string destination, string what)
    {
        Destination = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(Destination) ?? throw new ArgumentException($"{what} {destination} has no parent folder");
        SweepStale(parent);
        if (File.Exists(Destination)) throw new ArgumentException($"{what} {destination} is a file; name a folder");
        if (Directory.Exists(Destination) && Foreign(Destination).FirstOrDefault() is { } foreign)
            throw new ArgumentException($"{what} {destination} holds files this tool did not write ({foreign}); name a new or empty folder");
        Directory.CreateDirectory(parent);
        Staging = Path.Combine(parent, $".{Path.GetFileName(Destination)}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Staging);
        ExitCleanup.RemoveOnExit(Staging);
    }

    /// <summary>What a run killed with SIGKILL left beside this destination: its staging folder is removed; a previous
    /// folder it had moved aside is moved back when the destination is missing, else removed.</summary>
    void SweepStale(string parent)
    {
        var name = Path.GetFileName(Destination);
        StaleFolders.Sweep(parent, $".{name}.staging-");
        StaleFolders.Sweep(parent, $".{name}.old-", old =>
        {
            if (Directory.Exists(Destination)) Directory.Delete(old, recursive: true);
            else Directory.Move(old, Destination);
        });
    }

    /// <summary>The entries of an existing folder that its marker does not list (every entry, when it has no marker).</summary>
    static IEnumerable<string> Foreign(string dir)
    {
        var marker = Path.Combine(dir, Marker);
        var ours = File.Exists(marker) && new FileInfo(marker).Length < 1 << 16 ? File.ReadAllLines(marker).ToHashSet(StringComparer.Ordinal) : [];
        return Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>()
            .Where(name => name != Marker && !ours.Contains(name));
    }

    public void Commit()
    {
        File.WriteAllLines(Path.Combine(Staging, Marker), Directory.EnumerateFileSystemEntries(Staging).Select(Path.GetFileName).OfType<string>()
            .Where(name => name != Marker).Order(StringComparer.Ordinal));
        string? old = null;
        using var _ = new FolderLock(Path.GetDirectoryName(Destination)!);   // two runs on one destination commit one after the other
        if (Directory.Exists(Destination))
        {
            old = Path.Combine(Path.GetDirectoryName(Destination)!, $".{Path.GetFileName(Destination)}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(Destination, old);
        }
        Directory.Move(Staging, Destination);
        ExitCleanup.Forget(Staging);
        committed = true;
        if (old is not null) Directory.Delete(old, recursive: true);
    }

    public void Dispose()
    {
        if (committed) return;
        try { if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true); }
        catch (IOException) { }
        ExitCleanup.Forget(Staging);
    }
}
