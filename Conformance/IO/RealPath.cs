using System.Runtime.InteropServices;
using System.Text;

namespace KerasVis.Conformance.IO;

/// <summary>A path with every symbolic link in it resolved (<c>realpath(3)</c> of its deepest existing folder, the rest
/// appended), so "is this destination inside golden/?" cannot be fooled by a link that points there.</summary>
public static partial class RealPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsLinux()) return full;
        var rest = new Stack<string>();
        var existing = full;
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }
        var buffer = new byte[4096 + 1];
        var resolved = Realpath(existing, buffer) == IntPtr.Zero ? existing : Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
        return rest.Aggregate(resolved, Path.Combine);
    }

    /// <summary>True when <paramref name="path"/>, links resolved, is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var p = Of(path) + Path.DirectorySeparatorChar;
        return p.StartsWith(Of(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr Realpath(string path, byte[] resolved);
}
