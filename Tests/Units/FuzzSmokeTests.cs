using KerasVis.Conformance.Harness;
using KerasVis.Fuzz;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>A few seconds of the fuzz driver per reader (`make fuzz` runs a million executions each): no input may make
/// a reader throw anything but its typed refusal, or run past the hang limit.</summary>
public class FuzzSmokeTests
{
    public static TheoryData<string> Targets() => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_short_fuzz_run_finds_no_crash_and_no_hang(string name)
    {
        var target = FuzzTargets.All.Single(t => t.Name == name);
        var corpus = FuzzRun.Corpus(GoldenRepository.Root(), name);
        Assert.NotEmpty(corpus);
        var scratch = Directory.CreateTempSubdirectory($"kerasvis-fuzz-smoke-{name}-").FullName;
        try
        {
            var r = FuzzRun.Execute(target, corpus, runs: 3000, seed: 7, scratch);
            Assert.Equal(3000, r.Executions);
            Assert.True(r.Crashes == 0 && r.Hangs == 0, $"{name}: {string.Join("; ", r.Findings.Distinct().Take(5))}");
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }
}
