using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>Runs one case on one backend and device and compares every output with its golden.</summary>
public static class CaseRunner
{
    public static CaseResult Run(GoldenCase c, IBackend backend, string device)
    {
        if (backend.Supports(c, device) is { } why)
            return new CaseResult(c.Id, backend.Name, device, CaseStatus.Skipped, why, []);
        CaseOutputs outs;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (c.Fixtures.Count > 0) CaseFixtures.Verify(c, GoldenRepository.Root());
        try { outs = backend.Run(c, c.ReadInputs(), device); }
        catch (GoldenFormatException) { throw; }
        catch (BackendFailureException e)
        {
            return new CaseResult(c.Id, backend.Name, device, CaseStatus.Failed, e.Message, []) { Seconds = clock.Elapsed.TotalSeconds };
        }
        catch (BackendDeclinedException e)
        {
            return new CaseResult(c.Id, backend.Name, device, CaseStatus.Skipped, e.Message, []) { Seconds = clock.Elapsed.TotalSeconds };
        }
        catch (Exception e)
        {
            // the innermost frame says where a porting bug sits without a debugger
            var frame = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
            return new CaseResult(c.Id, backend.Name, device, CaseStatus.Failed,
                $"the backend threw {e.GetType().Name}: {e.Message}{(frame is null ? "" : $" ({frame})")}", []);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var results = new List<OutputResult>();
        foreach (var o in c.Outputs)
        {
            Comparison cmp;
            var goldenFile = Path.GetRelativePath(GoldenRepository.Root(), c.PathOf(o.File));
            if (o.Kind == OutputKind.Text)
                cmp = outs.Texts.TryGetValue(o.Name, out var t)
                    ? TextComparer.Compare(t, c.ReadText(o), o.Compare!, goldenFile)
                    : new Comparison(false, $"the backend returned no text output '{o.Name}'") { Structural = "missing" };
            else
            {
                cmp = outs.Arrays.TryGetValue(o.Name, out var a)
                    ? ArrayComparer.Compare(a, c.ReadArray(o.ArraySpec), o.Tolerance, goldenFile)
                    : new Comparison(false, $"the backend returned no array output '{o.Name}'") { Structural = "missing" };
            }
            results.Add(new OutputResult(o.Name, cmp, o.Tolerance));
        }
        var failed = results.Where(r => !r.Comparison.Passed).ToList();
        return failed.Count == 0
            ? new CaseResult(c.Id, backend.Name, device, CaseStatus.Passed, "", results) { Candidate = outs, Seconds = seconds }
            : new CaseResult(c.Id, backend.Name, device, CaseStatus.Failed,
                string.Join("\n", failed.Select(f => $"output '{f.Name}': {f.Comparison.Message}")), results) { Candidate = outs, Seconds = seconds };
    }
}
