using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests;

/// <summary>Every golden manifest × backend × device, one test each (names like <c>unpool/seed_example/reference/cpu</c>),
/// and every case again on CPU at one thread (<c>…/reference-1thread/cpu</c>): verdicts must not depend on the thread
/// count (docs/conditioning.md measures how far outputs move). Adding a case is adding a generator under
/// tools/oracle/cases: no test code.</summary>
[Collection(GoldenCollection.Name)]
public class GoldenCases
{
    static readonly Lazy<IReadOnlyList<GoldenCase>> All = new(() => GoldenRepository.LoadAll());

    /// <summary>Every run; the runs skipped for one reason on one backend and device (every CUDA row on a machine without
    /// CUDA) are one skipped row that says the reason once and how many cases it covers.</summary>
    public static IEnumerable<object[]> Matrix()
    {
        foreach (var name in new[] { "reference", "reference-1thread" })
        {
            var backend = Create(name);
            foreach (var device in name == "reference" ? backend.Devices : ["cpu"])
            {
                var runs = All.Value.Select(c => new CaseRun(c.Id, name, device, backend.Supports(c, device))).ToList();
                foreach (var r in runs.Where(r => r.SkipReason is null)) yield return [r];
                foreach (var g in runs.Where(r => r.SkipReason is not null).GroupBy(r => r.SkipReason!))
                    yield return [g.Count() == 1 ? g.First() : new CaseRun($"all-{g.Count()}-cases", name, device, $"{g.Key} ({g.Count()} cases)")];
            }
        }
    }

    static IBackend Create(string name) => name switch
    {
        "reference" => new KerasVis.ReferenceBackend.TorchSharpBackend(),
        "reference-1thread" => new OneThread(new KerasVis.ReferenceBackend.TorchSharpBackend()),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The Reference with libtorch limited to one thread while a case runs.</summary>
    sealed class OneThread(IBackend inner) : IBackend
    {
        public string Name => inner.Name + "-1thread";
        public IReadOnlyList<string> Devices => ["cpu"];
        public string? Supports(GoldenCase c, string device) => inner.Supports(c, device);
        public string Describe() => inner.Describe() + ", 1 thread";

        public CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, KerasVis.Conformance.IO.NpyArray> inputs, string device)
        {
            int threads = TorchSharp.torch.get_num_threads();
            TorchSharp.torch.set_num_threads(1);
            try { return inner.Run(c, inputs, device); }
            finally { TorchSharp.torch.set_num_threads(threads); }
        }
    }

    [GoldenTheory]
    [MemberData(nameof(Matrix))]
    public void Golden(CaseRun run)
    {
        var c = All.Value.Single(x => x.Id == run.CaseId);
        var result = CaseRunner.Run(c, Create(run.Backend), run.Device);
        Assert.True(result.Status == CaseStatus.Passed, $"{run}: {result.Message}");
    }

    [Fact]
    public void Every_family_of_the_spine_has_cases()
    {
        var families = All.Value.GroupBy(c => c.Family).ToDictionary(g => g.Key, g => g.Count());
        foreach (var f in new[] { "summary", "summary_text", "losses", "unpool" })
            Assert.True(families.GetValueOrDefault(f) > 0, $"no golden cases in golden/{f}");
    }

    [Fact]
    public void No_received_snapshot_files_are_left_in_the_tree()
    {
        var root = GoldenRepository.Root();
        var stray = Directory.EnumerateFiles(root, "*.received.*", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/") && !p.Contains("/obj/")).ToList();
        Assert.True(stray.Count == 0, "received snapshot files must not exist (a golden is never accepted from our output): " + string.Join(", ", stray));
    }
}
