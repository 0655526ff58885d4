using System.Text.Json;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The architecture holds: the golden library carries no TorchSharp, an external check loads no libtorch, every
/// golden method has an adapter, the generated method table is current, and no source file or adapter grows past what
/// one can read in a sitting.</summary>
public class ArchitectureTests
{
    static string Root => GoldenRepository.Root();

    [Fact]
    public void The_golden_library_restores_no_TorchSharp()
    {
        var assets = Path.Combine(Root, "Conformance", "obj", "project.assets.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = doc.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(libraries);
        Assert.DoesNotContain(libraries, l => l.Contains("torch", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void An_external_check_loads_neither_TorchSharp_nor_libtorch()
    {
        var list = Path.Combine(Path.GetTempPath(), $"kerasvis-loaded-{Guid.NewGuid():N}.txt");
        try
        {
            var r = CliProcess.Run(["check", "--backend", "external", "--batch", "--filter", "^losses/cce_seed",
                "--command", "sh -c 'for d; do cp \"$d\"/y_true.npy \"$d\"/out/per_sample.npy; done' sh"],
                env: new Dictionary<string, string> { ["KERASVIS_LOADED_ASSEMBLIES"] = list });
            Assert.Contains("losses/cce_seed_example", r.Stdout);
            var loaded = File.ReadAllLines(list);
            Assert.Contains("assembly KerasVis.Conformance", loaded);
            Assert.DoesNotContain(loaded, l => l.Contains("TorchSharp", StringComparison.Ordinal) || l.Contains("libtorch", StringComparison.Ordinal));
        }
        finally { File.Delete(list); }
    }

    [Fact]
    public void Every_golden_method_has_an_adapter()
    {
        var methods = GoldenRepository.LoadAll().Select(c => c.Method).Distinct().ToList();
        Assert.True(methods.Count >= 20, $"only {methods.Count} methods in the golden set");
        Assert.All(methods, m => Assert.True(MethodRegistry.Find(m) is not null, $"no adapter for method '{m}'"));
    }

    [Fact]
    public void Every_golden_case_binds_its_parameters()
    {
        foreach (var c in GoldenRepository.LoadAll()) MethodRegistry.Get(c).Check(c);
    }

    [Fact]
    public void The_generated_method_table_in_docs_is_current()
    {
        var file = Path.Combine(Root, "docs", "methods", "index.md");
        var expected = MethodTable.Markdown(MethodRegistry.Docs());
        var json = Path.Combine(Root, "docs", "methods", "methods.json");
        Assert.True(File.Exists(file) && File.ReadAllText(file) == expected && File.Exists(json)
            && File.ReadAllText(json) == KerasVis.Cli.MethodsCommand.Json(MethodRegistry.Docs()),
            "docs/methods/index.md or methods.json is stale: run `dotnet tools/Conformance.Cli/bin/Release/net10.0/conformance.dll methods --markdown " +
                "docs/methods/index.md --json docs/methods/methods.json`");
        var text = File.ReadAllText(json);
        Assert.DoesNotContain("\"NaN\"", text);   // "no bound" is null, which any JSON reader takes for no value
        var round = KerasVis.Cli.MethodsCommand.FromJson(text);
        Assert.Equal(MethodRegistry.Docs().SelectMany(m => m.Params).Count(p => double.IsNaN(p.Max)), round.SelectMany(m => m.Params)
            .Count(p => double.IsNaN(p.Max)));
    }

    [Fact]
    public void Every_method_documents_each_parameter_and_output()
    {
        foreach (var m in MethodRegistry.Docs())
        {
            Assert.NotEmpty(m.Outputs);
            Assert.All(m.Params, p => Assert.False(string.IsNullOrWhiteSpace(p.Meaning), $"{m.Name}.{p.Name}"));
            Assert.All(m.Outputs, o => Assert.False(string.IsNullOrWhiteSpace(o.Meaning) || string.IsNullOrWhiteSpace(o.Shape), $"{m.Name}.{o.Name}"));
        }
    }

    [Fact]
    public void Every_method_has_a_page_that_exists()
    {
        foreach (var m in MethodRegistry.Docs())
        {
            Assert.False(m.Page is null, $"{m.Name}: [Method] names no Page under docs/methods/");
            Assert.True(File.Exists(Path.Combine(Root, "docs", "methods", m.Page!)), $"{m.Name}: docs/methods/{m.Page} does not exist");
        }
    }

    /// <summary>The oracle is a small package: a family never imports another (shared code lives in the helper modules
    /// beside generate.py), and each declares the packages it needs (generate.py hides every undeclared one).</summary>
    [Fact]
    public void No_oracle_family_imports_another_and_each_declares_its_needs()
    {
        var cases = Path.Combine(Root, "tools", "oracle", "cases");
        var families = Directory.GetFiles(cases, "*.py").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.True(families.Count >= 19, $"{families.Count} families under {cases}");
        var import = new Regex(@"^\s*(?:from\s+(\w+)|import\s+(\w+))", RegexOptions.Multiline);
        foreach (var file in Directory.GetFiles(cases, "*.py"))
        {
            var text = File.ReadAllText(file);
            var imported = import.Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            Assert.Empty(imported.Where(families.Contains).Select(f => $"{Path.GetFileName(file)} imports the family {f}"));
            Assert.Matches(new Regex(@"^NEEDS = \[", RegexOptions.Multiline), text);
        }
    }

    [Fact]
    public void No_source_line_is_wider_than_the_editorconfigs_160()
    {
        var wide = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}"))
            .SelectMany(p => File.ReadLines(p).Select((l, i) => (File: Path.GetRelativePath(Root, p), Line: i + 1, l.Length)))
            .Where(x => x.Length > 160).ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} lines over 160 characters (.editorconfig max_line_length): "
            + string.Join(", ", wide.Take(20).Select(x => $"{x.File}:{x.Line} ({x.Length})")));
    }

    [Fact]
    public void No_source_file_is_over_250_lines_and_no_adapter_over_60()
    {
        var sources = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(sources.Count > 50, $"only {sources.Count} sources found under {Root}");
        var tooLong = sources.Select(p => (File: Path.GetRelativePath(Root, p), Lines: File.ReadLines(p).Count()))
            .Where(f => f.Lines > 250 || (f.File.StartsWith("ReferenceBackend/Methods/", StringComparison.Ordinal) && f.Lines > 60)).ToList();
        Assert.True(tooLong.Count == 0, "too long: " + string.Join(", ", tooLong.Select(f => $"{f.File} ({f.Lines})")));
    }
}
