using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The goldens pin down every parameter the method table documents (docs/methods/coverage.md), and the rule
/// that decides it counts what it should.</summary>
public class ParamCoverageTests
{
    static string Root => GoldenRepository.Root();

    [Fact]
    public void Every_documented_parameter_is_exercised_by_the_goldens()
    {
        var uses = ParamCoverage.Measure(MethodRegistry.Docs(), GoldenRepository.LoadAll());
        Assert.True(uses.Count >= 80, $"{uses.Count} documented parameters");
        var gaps = uses.Where(u => !u.Exercised).Select(u => $"{u.Method}.{u.Param.Name} ({u.Gap})").ToList();
        Assert.True(gaps.Count == 0, "documented parameters no golden varies (add a case, or make the parameter a constant of " +
            "the method): " + string.Join("; ", gaps));
    }

    [Fact]
    public void The_generated_coverage_table_in_docs_is_current()
    {
        var file = Path.Combine(Root, "docs", "methods", "coverage.md");
        var expected = ParamCoverage.Markdown(ParamCoverage.Measure(MethodRegistry.Docs(), GoldenRepository.LoadAll()));
        Assert.True(File.Exists(file) && File.ReadAllText(file) == expected,
            "docs/methods/coverage.md is stale: run `dotnet tools/Conformance.Cli/bin/Release/net10.0/conformance.dll coverage " +
            "--markdown docs/methods/coverage.md`");
    }

    static GoldenCase Case(string id, string method, string paramsJson) => new()
    {
        Id = id, Directory = "/nonexistent", ManifestPath = "/nonexistent/manifest.json", Method = method,
        Params = JsonNode.Parse(paramsJson)!.AsObject(), Description = "", Inputs = [], Outputs = [], Oracle = "",
    };

    [Fact]
    public void An_enum_needs_every_alternative_a_boolean_both_values_and_a_number_two_values_defaults_counting()
    {
        var doc = new MethodDoc("m", "", false,
        [
            new ParamDoc("mode", "\"a\" | \"b\"", "\"a\"", "an enum"),
            new ParamDoc("flag", "boolean", "false", "a boolean"),
            new ParamDoc("n", "integer", "2", "a number"),
            new ParamDoc("w", "weights object", null, "an object"),
        ], []);
        var cases = new[]
        {
            Case("f/one", "m", """{"w": {"seed": 1, "kind": "hash"}, "n": 2.0}"""),
            Case("f/two", "m", """{"w": {"kind": "hash", "seed": 1}, "flag": true, "mode": "a"}"""),
            Case("f/other", "other", """{"n": 5}"""),
        };
        var uses = ParamCoverage.Measure([doc], cases).ToDictionary(u => u.Param.Name);
        Assert.False(uses["mode"].Exercised);
        Assert.Equal("never \"b\"", uses["mode"].Gap);
        Assert.True(uses["flag"].Exercised);                         // false by default in f/one, true in f/two
        Assert.False(uses["n"].Exercised);                            // 2.0 and the default 2 are one value; f/other is another method
        Assert.Equal("only 2", uses["n"].Gap);
        Assert.False(uses["w"].Exercised);                            // key order does not make a second value
        Assert.Equal(["f/one", "f/two"], uses["w"].Values.Single().Cases);
    }
}

/// <summary>Each method's page lists the branches of its formula with the cases that pin them, and every case it names
/// exists (a renamed or deleted case cannot leave a dangling reference behind).</summary>
public class BranchListTests
{
    static string Root => GoldenRepository.Root();

    [Fact]
    public void Every_method_page_has_a_branch_table_whose_cases_exist()
    {
        var ids = GoldenRepository.LoadAll().Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var page in MethodRegistry.Docs().Select(m => m.Page!).Distinct())
        {
            var text = File.ReadAllText(Path.Combine(Root, "docs", "methods", page));
            int at = text.IndexOf("Branches and the cases that pin them", StringComparison.Ordinal);
            if (at < 0) { problems.Add($"{page}: no 'Branches and the cases that pin them' section"); continue; }
            var cited = System.Text.RegularExpressions.Regex.Matches(text[at..], @"`([a-z0-9_]+/[A-Za-z0-9_.\-]+)`")
                .Select(m => m.Groups[1].Value).Where(v => !v.Contains('.', StringComparison.Ordinal) || !v.EndsWith(".md", StringComparison.Ordinal))
                .Where(v => ids.Select(i => i.Split('/')[0]).Contains(v.Split('/')[0])).ToList();
            if (cited.Count == 0) problems.Add($"{page}: the branch table names no case");
            problems.AddRange(cited.Where(c => !ids.Contains(c)).Select(c => $"{page}: names case {c}, which does not exist"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
