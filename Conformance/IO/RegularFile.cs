using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KerasVis.Conformance.IO;

/// <summary>The check every file the harness reads from a golden set, a request or a port passes before anything opens
/// it: it exists, is no symbolic link and no folder, and is a regular file of 1 byte to a limit (a FIFO or a device
/// reads as size 0, so it is refused without being opened). <see cref="ReadAllBytes"/> then opens it so that nothing
/// can block or swap it in between: on Linux with <c>O_NONBLOCK | O_NOFOLLOW</c> (a FIFO or a file under another
/// process's lease fails at once instead of waiting), and checks the opened file again with <c>fstat</c>.</summary>
public static partial class RegularFile
{
    public const string Missing = "is missing";

    /// <summary>null when <paramref name="path"/> passes; otherwise what is wrong, as a phrase to follow the file's name:
    /// "is missing", "is a symbolic link (to …)", "is a folder, not a file", "is empty or not a regular file (…)",
    /// "is N bytes, more than the M allowed".</summary>
    public static string? Problem(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return $"is a symbolic link (to {info.LinkTarget})";
        if (Directory.Exists(path)) return "is a folder, not a file";
        if (!info.Exists) return Missing;
        if (info.Length == 0) return "is empty or not a regular file (a FIFO or a device reads as size 0)";
        if (info.Length > maxBytes) return $"is {info.Length} bytes, more than the {maxBytes} allowed";
        return null;
    }

    /// <summary>The file's bytes, after <see cref="Problem"/>; throws <see cref="RegularFileException"/> with the phrase.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        if (Problem(path, maxBytes) is { } problem) throw new RegularFileException(path, problem);
        if (!OperatingSystem.IsLinux()) return File.ReadAllBytes(path);
        using var handle = OpenNonBlocking(path);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        long length = stream.Length;
        if (length == 0 || length > maxBytes) throw new RegularFileException(path, $"changed to {length} bytes after it was checked");
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    static SafeFileHandle OpenNonBlocking(string path)
    {
        bool arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
        int flags = 0x800 /* O_NONBLOCK */ | 0x80000 /* O_CLOEXEC */ | (arm ? 0x8000 : 0x20000) /* O_NOFOLLOW */;
        int fd = Open(path, flags);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new RegularFileException(path, errno switch
            {
                11 => "is held under a lease by another process (it would block); a port's files must be closed when it exits",
                40 => "became a symbolic link after it was checked",
                6 => "became a FIFO or a device after it was checked",
                _ => $"could not be opened (errno {errno})",
            });
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FileKindOfHandle(fd) != 0x8000)
        {
            handle.Dispose();
            throw new RegularFileException(path, "is not a regular file once opened");
        }
        return handle;
    }

    /// <summary>st_mode's file type of an open descriptor, by <c>statx(fd, "", AT_EMPTY_PATH, STATX_TYPE)</c>.</summary>
    static int FileKindOfHandle(int fd)
    {
        var buf = new byte[256];
        return Statx(fd, "", 0x1000, 0x1, buf) == 0 ? BitConverter.ToUInt16(buf, 28) & 0xF000 : -1;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
}

/// <summary>A file that failed <see cref="RegularFile"/>'s checks; the message is "PATH PHRASE".</summary>
public sealed class RegularFileException(string path, string problem) : IOException($"{path} {problem}")
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
