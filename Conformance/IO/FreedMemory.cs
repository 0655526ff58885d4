using System.Runtime.InteropServices;

namespace KerasVis.Conformance.IO;

/// <summary>
/// Batched work (Score-CAM's masked forwards, SmoothGrad's noisy passes) frees and allocates the same large activation
/// buffers again and again. By default glibc serves each one with a fresh <c>mmap</c> and returns it with <c>munmap</c>,
/// so the kernel zeroes and page-faults every batch's memory anew — a large share of the system time. At the start of
/// such a command the process asks glibc (<c>mallopt</c>) to serve large blocks from its heap and to keep up to
/// 2 GiB of freed memory instead of trimming it, so later batches reuse the pages. Only on Linux with glibc; elsewhere,
/// and if the call is missing, nothing changes.
/// </summary>
public static partial class FreedMemory
{
    const int MTrimThreshold = -1, MMmapMax = -4;

    public static void Keep()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = Mallopt(MMmapMax, 0);
            _ = Mallopt(MTrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }   // musl has no mallopt
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int param, int value);
}
