using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>Finds the repository's golden/ folder and every manifest under it.</summary>
public static class GoldenRepository
{
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("KERASVIS_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Conformance.sln")) && System.IO.Directory.Exists(Path.Combine(d.FullName, "golden")))
                return d.FullName;
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d != null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Conformance.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (a folder with Conformance.sln and golden/); set KERASVIS_ROOT");
    }

    public static string GoldenDir => Path.Combine(Root(), "golden");

    public static IReadOnlyList<GoldenCase> LoadAll(string? goldenDir = null)
    {
        goldenDir ??= GoldenDir;
        var cases = System.IO.Directory.EnumerateFiles(goldenDir, "manifest.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "schema" + Path.DirectorySeparatorChar))
            .Select(GoldenCase.Load).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        foreach (var g in cases.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new GoldenFormatException(g.Last().ManifestPath, $"case id '{g.Key}' is also the id of {g.First().ManifestPath}; every case needs its own id");
        return cases;
    }
}
