using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;

namespace KerasVis.Tests;

/// <summary>What the tests of tiny shell ports and bad inputs share: the seed loss case (losses/cce_seed_example:
/// outputs per_sample (1,) and reduced (), float32), a temporary folder of the test's own (removed afterwards), and one
/// external-backend check of a case.</summary>
public abstract class SeedCaseTest(string tempPrefix) : IDisposable
{
    protected const string CaseId = "losses/cce_seed_example";

    /// <summary>This test's temporary folder.</summary>
    protected string Tmp { get; } = Directory.CreateTempSubdirectory(tempPrefix).FullName;

    protected static GoldenCase Case(string id = CaseId) => GoldenRepository.LoadAll().Single(c => c.Id == id);

    protected static string GoldenDir(string id = CaseId) => Path.Combine(GoldenRepository.GoldenDir, id);

    /// <summary>The case (the seed case by default) checked through an external port running <paramref name="command"/>.</summary>
    protected static CaseResult Check(string command, double seconds = 30, bool batch = false, GoldenCase? c = null,
        TimeSpan? batchTimeout = null, Action<string>? progress = null)
    {
        using var b = new ExternalBackend(new ExternalOptions(command, TimeSpan.FromSeconds(seconds), batch) { BatchTimeout = batchTimeout,
            Progress = progress });
        return CheckRun.Execute([c ?? Case()], b, "cpu").Results.Single();
    }

    public void Dispose()
    {
        if (Directory.Exists(Tmp)) Directory.Delete(Tmp, true);
        GC.SuppressFinalize(this);
    }
}
