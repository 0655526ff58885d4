using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>An exclusive advisory lock on a folder (<c>flock(2)</c> on the folder itself, so no lock file is left
/// behind), held while two runs writing the same destination swap their folders in: without it, one of two checks
/// sharing a <c>--report</c> folder could move the other's report aside and lose its own. Elsewhere than Linux, a no-op.</summary>
public sealed partial class FolderLock : IDisposable
{
    readonly int fd = -1;

    public FolderLock(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        bool arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
        fd = Open(folder, 0x80000 /* O_CLOEXEC */ | (arm ? 0x4000 : 0x10000) /* O_DIRECTORY */);
        if (fd >= 0 && Flock(fd, 2 /* LOCK_EX */) != 0)
        {
            _ = Close(fd);
            fd = -1;
        }
    }

    public void Dispose()
    {
        if (fd >= 0) _ = Close(fd);   // closing releases the lock
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
