using KerasVis.Conformance.Harness;
using KerasVis.ReferenceBackend;
using KerasVis.ReferenceBackend.Mutants;
using Xunit;

namespace KerasVis.Tests;

/// <summary>The mutation catalogue against the golden cases: every mutant caught, the wrapper itself transparent.
/// Shares the golden collection (the Reference's model cache is one per process).</summary>
[Collection(GoldenCollection.Name)]
public class MutationCatalogueTests
{
    static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(() => GoldenRepository.LoadAll());

    public static IEnumerable<object[]> Ids() => MutantCatalogue.All.Select(m => new object[] { m.Id });

    [Fact]
    public void The_catalogue_has_at_least_30_distinct_mutants_on_methods_that_have_cases()
    {
        var all = MutantCatalogue.All;
        Assert.True(all.Count >= 30, $"{all.Count} mutants");
        Assert.Equal(all.Count, all.Select(m => m.Id).Distinct().Count());
        foreach (var m in all)
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Description), m.Id);
            foreach (var method in m.Methods)
            {
                Assert.True(KerasVis.ReferenceBackend.Adapters.MethodRegistry.Find(method) is not null, $"{m.Id}: unknown method {method}");
                Assert.True(Cases.Value.Any(c => c.Method == method), $"{m.Id}: no golden case uses method {method}");
            }
        }
    }

    /// <summary>docs/mutants-table.md (written by `make mutants`) lists exactly the catalogue's mutants: a mutant added or
    /// removed without regenerating it fails here.</summary>
    [Fact]
    public void The_kill_table_in_docs_lists_every_mutant_of_the_catalogue()
    {
        var table = File.ReadAllLines(Path.Combine(GoldenRepository.Root(), "docs", "mutants-table.md"));
        var listed = table.Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('`')[1]).Order(StringComparer.Ordinal).ToList();
        Assert.True(MutantCatalogue.All.Select(m => m.Id).Order(StringComparer.Ordinal).SequenceEqual(listed),
            $"docs/mutants-table.md is stale (listed {listed.Count}, catalogue {MutantCatalogue.All.Count}): run `make mutants`");
    }

    /// <summary>A surviving mutant means a missing golden case or a too-loose tolerance: fix the suite, not the mutant. One
    /// catching case could be tuned to the bug; two show the behaviour it breaks is pinned down.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_mutant_is_caught_by_two_golden_cases(string id)
    {
        var row = MutationRun.Run(MutantCatalogue.All.Single(m => m.Id == id), Cases.Value, MutationRun.RequiredCatches);
        Assert.True(row.Errors.Count == 0, $"the mutant threw (a defect of the mutant, not a kill): {string.Join("\n", row.Errors)}");
        Assert.True(row.Killed, $"mutant {id} survived every touched case: {string.Join(", ", row.Missed)}");
        Assert.True(row.CaughtBy.Count >= MutationRun.RequiredCatches,
            $"mutant {id} is caught by {row.CaughtBy.Count} case(s) ({string.Join(", ", row.CaughtBy)}); every mutant needs " +
            $"{MutationRun.RequiredCatches}: add a case that exercises what it breaks");
    }

    [Fact]
    public void An_identity_mutant_passes_every_case_it_touches()
    {
        // the wrapper machinery (parameter copies, output dictionaries) must not itself produce a failure
        var identity = new Mutant("identity", "no bug", ["keras_loss", "spline_zoom", "max_pool_unpool", "keras_summary", "dlai_get_cam"],
            (c, x, reference) => reference(c.WithParams(_ => { }), x));
        var row = MutationRun.Run(identity, Cases.Value, stopAfter: 0);
        Assert.Empty(row.Errors);
        Assert.Empty(row.CaughtBy);
        Assert.True(row.Missed.Count >= 30, $"{row.Missed.Count} cases");
    }
}
