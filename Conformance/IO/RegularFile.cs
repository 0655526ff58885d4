namespace KerasVis.Conformance.IO;

/// <summary>The check every file the harness reads from a golden set, a request or a port passes before anything opens
/// it: it exists, is no symbolic link and no folder, and is a regular file of 1 byte to a limit (a FIFO or a device
/// reads as size 0, so it is refused without being opened).</summary>
public static class RegularFile
{
    /// <summary>null when <paramref name="path"/> passes; otherwise what is wrong, as a phrase to follow the file's name:
    /// "is missing", "is a symbolic link (to …)", "is a folder, not a file", "is empty or not a regular file (…)",
    /// "is N bytes, more than the M allowed".</summary>
    public static string? Problem(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return $"is a symbolic link (to {info.LinkTarget})";
        if (Directory.Exists(path)) return "is a folder, not a file";
        if (!info.Exists) return "is missing";
        if (info.Length == 0) return "is empty or not a regular file (a FIFO or a device reads as size 0)";
        if (info.Length > maxBytes) return $"is {info.Length} bytes, more than the {maxBytes} allowed";
        return null;
    }
}
