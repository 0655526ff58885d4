// Marks one ELF version-need entry (e.g. GLIBCXX_3.4.32) as weak (VER_FLG_WEAK = 0x2) in a 64-bit
// little-endian shared object, so that the dynamic loader accepts a libstdc++ that lacks that version.
// Layout facts (ELF gABI + GNU symbol-versioning extension, <elf.h>):
//   Elf64_Ehdr: e_shoff @0x28 (u64), e_shentsize @0x3A (u16), e_shnum @0x3C (u16)
//   Elf64_Shdr (64 bytes): sh_type @4 (u32), sh_offset @0x18 (u64), sh_size @0x20 (u64), sh_link @0x28 (u32)
//   SHT_GNU_verneed = 0x6ffffffe; its sh_link is the string table (.dynstr) of the names.
//   Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
//   Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
// This file is compiled twice: into the MSBuild inline task (build/TorchSharpNative.targets) and into the
// unit tests (Conformance/Units/ElfPatchTests.cs). Keep it free of anything but the BCL.
using System;
using System.IO;
using System.Text;

public static class ElfVersionNeedPatcher
{
    public const ushort VerFlgWeak = 0x2;
    const uint ShtGnuVerneed = 0x6ffffffe;

    public enum Outcome { Patched, AlreadyWeak, VersionNotNeeded }

    /// <summary>Finds the version-need aux entry named <paramref name="version"/>; returns its file offset
    /// of vna_flags, or -1 when the object does not need that version.</summary>
    public static long FindFlagsOffset(byte[] elf, string version, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported (class {elf[4]}, data {elf[5]})");
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        if (shoff <= 0 || shentsize != 64 || shoff + (long)shnum * 64 > elf.Length)
            throw new InvalidDataException($"{path}: section header table out of range");
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + s * 64L;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long off = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            long size = (long)BitConverter.ToUInt64(elf, (int)sh + 0x20);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long strOff = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * 64L) + 0x18);
            long vn = off;
            while (vn >= off && vn + 16 <= off + size)
            {
                int cnt = BitConverter.ToUInt16(elf, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, strOff + name) == version) return aux + 4;
                    uint next = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint vnNext = BitConverter.ToUInt32(elf, (int)vn + 12);
                if (vnNext == 0) break;
                vn += vnNext;
            }
        }
        return -1;
    }

    /// <summary>Sets VER_FLG_WEAK on the named version need. Writes a new file next to the target and renames it
    /// over the target (never writes through a hard link into a package cache). Idempotent.</summary>
    public static Outcome Patch(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        long at = FindFlagsOffset(elf, version, path);
        if (at < 0) return Outcome.VersionNotNeeded;
        ushort flags = BitConverter.ToUInt16(elf, (int)at);
        if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
        flags |= VerFlgWeak;
        elf[at] = (byte)(flags & 0xff);
        elf[at + 1] = (byte)(flags >> 8);
        string tmp = path + ".weak-tmp";
        File.WriteAllBytes(tmp, elf);
        File.Delete(path); // unlinks only: a hard link into a package cache keeps its bytes
        File.Move(tmp, path);
        return Outcome.Patched;
    }

    /// <summary>True when some system libstdc++ defines the symbol version (its name appears as a
    /// NUL-terminated string in the library's version definitions).</summary>
    public static bool SystemLibStdCxxHas(string version, string[] candidates)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var c in candidates)
        {
            if (!File.Exists(c)) continue;
            byte[] lib = File.ReadAllBytes(c);
            if (IndexOf(lib, needle) >= 0) return true;
        }
        return false;
    }

    public static readonly string[] DefaultLibStdCxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    static string ReadCString(byte[] b, long at)
    {
        long end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
    }

    static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            if (hay[i] != needle[0]) continue;
            int j = 1;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}

#if !ELF_PATCHER_NO_TASK
/// <summary>MSBuild task: weakens the version need in every libLibTorchSharp.so under the output folder.</summary>
public class WeakenGlibcxxVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public string OutputDirectory { get; set; } = "";
    [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (!Directory.Exists(OutputDirectory)) return true;
        var libs = Directory.GetFiles(OutputDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libs.Length == 0) return true;
        if (ElfVersionNeedPatcher.SystemLibStdCxxHas(Version, ElfVersionNeedPatcher.DefaultLibStdCxxPaths))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"system libstdc++ has {Version}: nothing to patch");
            return true;
        }
        foreach (var lib in libs)
        {
            try
            {
                var outcome = ElfVersionNeedPatcher.Patch(lib, Version);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"{lib}: {Version} {outcome}");
            }
            catch (Exception e)
            {
                Log.LogError($"could not weaken {Version} in {lib}: {e.Message}");
                return false;
            }
        }
        return true;
    }
}
#endif
