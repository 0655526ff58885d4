namespace KerasVis.Conformance.IO;

/// <summary>
/// A folder written whole or not at all (<c>run --out</c>, <c>check --report</c>): everything goes into a hidden
/// sibling staging folder, and <see cref="Commit"/> swaps it into place — the previous folder, if any, renamed aside
/// and removed only after the new one is there. Until then (a crash, SIGINT, SIGTERM) the destination keeps its
/// previous contents and the staging folder is removed. The destination is checked before any work starts.
/// </summary>
public sealed class StagedFolder : IDisposable
{
    public string Destination { get; }
    public string Staging { get; }
    bool committed;

    /// <param name="isOurs">true when an existing, non-empty destination was written by this tool before (it may be replaced)</param>
    public StagedFolder(string destination, Func<string, bool> isOurs, string what)
    {
        Destination = Path.GetFullPath(destination);
        if (File.Exists(Destination)) throw new ArgumentException($"{what} {destination} is a file; name a folder");
        if (Directory.Exists(Destination) && Directory.EnumerateFileSystemEntries(Destination).Any() && !isOurs(Destination))
            throw new ArgumentException($"{what} {destination} holds files this tool did not write; name a new or empty folder");
        var parent = Path.GetDirectoryName(Destination) ?? throw new ArgumentException($"{what} {destination} has no parent folder");
        Directory.CreateDirectory(parent);
        Staging = Path.Combine(parent, $".{Path.GetFileName(Destination)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Staging);
        ExitCleanup.RemoveOnExit(Staging);
    }

    public void Commit()
    {
        string? old = null;
        if (Directory.Exists(Destination))
        {
            old = Path.Combine(Path.GetDirectoryName(Destination)!, $".{Path.GetFileName(Destination)}.old-{Guid.NewGuid():N}");
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
