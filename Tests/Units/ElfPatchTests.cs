using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The build marks GLIBCXX_3.4.32 weak in the output copy of libLibTorchSharp.so (build/TorchSharpNative.targets).</summary>
public class ElfPatchTests
{
    const string Version = "GLIBCXX_3.4.32";
    static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    static string? CacheCopy()
    {
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".nuget", "packages");
        var p = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(p) ? p : null;
    }

    static ushort Flags(string path)
    {
        var b = File.ReadAllBytes(path);
        var at = ElfVersionNeedPatcher.FindFlagsOffset(b, Version, path);
        Assert.True(at > 0, $"{path} does not need {Version}");
        return BitConverter.ToUInt16(b, (int)at);
    }

    [Fact]
    public void The_output_copy_is_weak_exactly_when_the_system_lacks_the_version()
    {
        Assert.True(File.Exists(OutputCopy), $"missing {OutputCopy}");
        bool systemHas = ElfVersionNeedPatcher.SystemLibStdCxxHas(Version, ElfVersionNeedPatcher.DefaultLibStdCxxPaths);
        bool weak = (Flags(OutputCopy) & ElfVersionNeedPatcher.VerFlgWeak) != 0;
        Assert.Equal(!systemHas, weak);
    }

    [Fact]
    public void The_nuget_cache_copy_is_never_modified()
    {
        var cache = CacheCopy();
        if (cache is null) return; // restored elsewhere (NUGET_PACKAGES): nothing of ours to check
        Assert.Equal(0, Flags(cache) & ElfVersionNeedPatcher.VerFlgWeak);
    }

    [Fact]
    public void Patching_is_idempotent_and_changes_exactly_one_byte()
    {
        var src = CacheCopy() ?? OutputCopy;
        var tmp = Path.Combine(Directory.CreateTempSubdirectory("kerasvis-elf-").FullName, "lib.so");
        File.Copy(src, tmp);
        var before = File.ReadAllBytes(tmp);
        bool wasWeak = (Flags(tmp) & ElfVersionNeedPatcher.VerFlgWeak) != 0;
        var first = ElfVersionNeedPatcher.Patch(tmp, Version);
        Assert.Equal(wasWeak ? ElfVersionNeedPatcher.Outcome.AlreadyWeak : ElfVersionNeedPatcher.Outcome.Patched, first);
        Assert.Equal(ElfVersionNeedPatcher.Outcome.AlreadyWeak, ElfVersionNeedPatcher.Patch(tmp, Version));
        var after = File.ReadAllBytes(tmp);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(wasWeak ? 0 : 1, before.Zip(after).Count(p => p.First != p.Second));
        Assert.Equal(ElfVersionNeedPatcher.Outcome.VersionNotNeeded, ElfVersionNeedPatcher.Patch(tmp, "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_refused_with_its_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.FindFlagsOffset(new byte[100], Version, "/x/not-elf.so"));
        Assert.Contains("/x/not-elf.so", e.Message);
    }
}
