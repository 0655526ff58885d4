namespace KerasVis.Conformance.Harness;

/// <summary>No golden set where one was named or looked for: says where it looked and how to name one.</summary>
public sealed class GoldenSetNotFoundException(string message) : InputException(message);

/// <summary>
/// Finds the golden set — the folder holding <c>golden/</c> and the <c>fixtures/</c> its manifests name — and every
/// manifest under it. In order: the folder given to <see cref="Use"/> (<c>--golden</c>), <c>KERASVIS_ROOT</c>, the
/// repository this program was built in, and the nearest folder at or above the working directory that holds
/// <c>golden/schema/manifest.schema.json</c> (a golden set copied on its own).
/// </summary>
public static class GoldenRepository
{
    static string? chosen;

    /// <summary>Uses the golden set at <paramref name="dir"/>: a folder holding golden/, or the golden/ folder itself.</summary>
    public static void Use(string dir)
    {
        var full = Path.GetFullPath(dir);
        chosen = System.IO.Directory.Exists(Path.Combine(full, "golden")) ? full
            : Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)) == "golden" && System.IO.Directory.Exists(full)
                ? Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar))!
            : throw new GoldenSetNotFoundException($"--golden {dir}: there is no golden/ folder there (name the folder that holds golden/ and fixtures/)");
    }

    public static string Root()
    {
        if (chosen is not null) return chosen;
        var env = Environment.GetEnvironmentVariable("KERASVIS_ROOT");
        if (!string.IsNullOrEmpty(env))
            return System.IO.Directory.Exists(Path.Combine(env, "golden")) ? Path.GetFullPath(env)
                : throw new GoldenSetNotFoundException($"KERASVIS_ROOT={env} has no golden/ folder (unset it, or point it at the folder that holds " +
                    $"golden/ and fixtures/)");
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Conformance.sln")) && System.IO.Directory.Exists(Path.Combine(d.FullName, "golden")))
                return d.FullName;
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "golden", "schema", "manifest.schema.json"))) return d.FullName;
        throw new GoldenSetNotFoundException($"no golden set found (looked beside this program and above {Environment.CurrentDirectory}): give --golden " +
            $"DIR, the folder that holds golden/ and fixtures/");
    }

    public static string GoldenDir => Path.Combine(Root(), "golden");

    public static IReadOnlyList<GoldenCase> LoadAll(string? goldenDir = null)
    {
        goldenDir ??= GoldenDir;
        var cases = System.IO.Directory.EnumerateFiles(goldenDir, "manifest.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "schema" + Path.DirectorySeparatorChar))
            .Select(GoldenCase.Load).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        foreach (var g in cases.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new GoldenFormatException(g.Last().ManifestPath,
                $"case id '{g.Key}' is also the id of {g.First().ManifestPath}; every case needs its own id");
        return cases;
    }
}
