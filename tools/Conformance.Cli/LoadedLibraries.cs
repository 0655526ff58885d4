namespace KerasVis.Cli;

/// <summary>The managed assemblies loaded into this process, then the native libraries mapped into it (from
/// /proc/self/maps on Linux), one per line.</summary>
static class LoadedLibraries
{
    public static void Write(string file)
    {
        var managed = AppDomain.CurrentDomain.GetAssemblies().Select(a => "assembly " + a.GetName().Name);
        var native = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 6 && f[5].EndsWith(".so", StringComparison.Ordinal) || f.Length >= 6 && f[5].Contains(".so.", StringComparison.Ordinal))
                .Select(f => "native " + Path.GetFileName(f[5])).Distinct()
            : [];
        File.WriteAllLines(file, managed.Concat(native).Order(StringComparer.Ordinal));
    }
}
