namespace KerasVis.Conformance.IO;

/// <summary>The check a file the harness is asked to write (<c>--junit</c>, <c>explain --out</c>) passes before any
/// work starts: it is new or an existing regular file, never a folder, a symbolic link, a device, a FIFO or a socket
/// (writing by rename would replace the node itself), and its folder exists.</summary>
public static class FileDestination
{
    /// <summary>null when <paramref name="path"/> may be written; otherwise what is wrong, as a phrase to follow its name.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "is empty";
        var full = Path.GetFullPath(path);
        switch (FileKind.Of(full))
        {
            case FileKind.Kind.Directory: return "is a folder; name the file to write";
            case FileKind.Kind.SymbolicLink: return "is a symbolic link; name the file itself";
            case FileKind.Kind.Special: return "is a device, FIFO or socket, not a regular file";
        }
        var dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir)) return $"is in a folder that does not exist ({dir})";
        return null;
    }
}
