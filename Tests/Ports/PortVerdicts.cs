using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Ports;

/// <summary>What an honest port's run must show, derived from its expectations file and the golden set (no counts kept
/// in a test): nothing failed, every expectation entry matched a case, each case listed as failing failed as listed,
/// and within every method the port computes, each case was computed (passed) unless its expectations list it. A
/// method the port does not implement at all it may decline case by case (a new golden method needs no edit here).</summary>
public static class PortVerdicts
{
    public static void AssertMatchExpectations(CheckSummary s, Expectations exp, IReadOnlyList<GoldenCase> cases)
    {
        Assert.True(s.Ok, string.Join("\n", s.Results.Where(r => r.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass).Select(r
            => $"{r.CaseId}: {r.Message}")));
        Assert.Empty(s.UnmatchedPatterns);
        var byId = s.Results.ToDictionary(r => r.CaseId, StringComparer.Ordinal);
        var computed = cases.Where(c => byId[c.Id].Status is CaseStatus.Passed or CaseStatus.ExpectedFailure).Select(c => c.Method).ToHashSet();
        foreach (var c in cases)
        {
            var r = byId[c.Id];
            var listed = exp.For(c.Id, "cpu")?.List;
            var want = listed switch
            {
                "unsupported" => CaseStatus.Skipped,
                "failing" or "failing_permanently" => CaseStatus.ExpectedFailure,
                _ => computed.Contains(c.Method) || r.Status != CaseStatus.Skipped ? CaseStatus.Passed : CaseStatus.Skipped,
            };
            var why = listed is null ? $"its method {c.Method} is one the port computes and the case is not listed" : $"listed as {listed}";
            Assert.True(r.Status == want, $"{c.Id}: {r.Status}, expected {want} ({why}): {r.Message}");
        }
    }
}
