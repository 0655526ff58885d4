using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>What a path names, without following a final symbolic link and without opening it (opening a FIFO blocks).
/// .NET reports a FIFO, a device and a socket all as a "Normal" file of length 0, so on Linux the file type comes from
/// <c>statx(2)</c>, whose struct layout is the same on every architecture; elsewhere a length-0 non-folder is
/// <see cref="Kind.Special"/> unless it is known to be regular.</summary>
public static partial class FileKind
{
    public enum Kind { Missing, Regular, Directory, SymbolicLink, Special }

    public static Kind Of(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return Kind.SymbolicLink;
        if (Directory.Exists(path)) return Kind.Directory;
        if (!info.Exists) return Kind.Missing;
        if (OperatingSystem.IsLinux() && Mode(path) is { } mode)
            return (mode & 0xF000) switch { 0x8000 => Kind.Regular, 0x4000 => Kind.Directory, 0xA000 => Kind.SymbolicLink, _ => Kind.Special };
        return info.Length > 0 ? Kind.Regular : Kind.Special;
    }

    /// <summary>st_mode by <c>statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE)</c>, or null if the call fails.</summary>
    static ushort? Mode(string path)
    {
        var buf = new byte[256];   // struct statx is 256 bytes; stx_mode is the u16 at offset 28
        try
        {
            return Statx(-100, path, 0x100, 0x1, buf) == 0 ? BitConverter.ToUInt16(buf, 28) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
}
