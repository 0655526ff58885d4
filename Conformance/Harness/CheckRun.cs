namespace KerasVis.Conformance.Harness;

/// <summary>
/// One run of a backend over a list of cases on one device, as <c>conformance check</c> does it: cases the backend's
/// expectations call unsupported are skipped with the reason, a batch backend is prepared once, every other case is run
/// and compared, the expectations turn failures into expected failures (and passes of listed cases into unexpected
/// passes), and <paramref name="onResult"/> sees each result as it comes (progress, the report's pictures). The
/// results kept in the summary no longer hold the candidate arrays. Expectation patterns are checked against
/// <c>allCaseIds</c> (the whole golden set when a filter picked <paramref name="cases"/>).
/// </summary>
public static class CheckRun
{
    public static CheckSummary Execute(IReadOnlyList<GoldenCase> cases, IBackend backend, string device,
        Expectations? expectations = null, Action<GoldenCase, CaseResult, int, int>? onResult = null, IEnumerable<string>? allCaseIds = null,
        bool failFast = false)
    {
        expectations ??= Expectations.None;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? Unsupported(GoldenCase c) =>
            expectations.For(c.Id, device) is { List: "unsupported" } e ? $"unsupported: {e.Reason}" : null;
        if (backend is IBatchBackend batch)
            batch.Prepare(cases.Where(c => Unsupported(c) is null && backend.Supports(c, device) is null).ToList(), device);
        var results = new List<CaseResult>();
        int i = 0;
        foreach (var c in cases)
        {
            i++;
            CaseResult r;
            if (Unsupported(c) is { } why) r = new CaseResult(c.Id, backend.Name, device, CaseStatus.Skipped, why, []);
            else
            {
                try { r = CaseRunner.Run(c, backend, device); }
                catch (GoldenFormatException e) { r = new CaseResult(c.Id, backend.Name, device, CaseStatus.Failed, $"malformed golden: {e.Message}", []); }
                r = expectations.Apply(r);
            }
            onResult?.Invoke(c, r, i, cases.Count);
            results.Add(r with { Candidate = null });
            if (failFast && r.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass) break;
        }
        int Count(CaseStatus s) => results.Count(r => r.Status == s);
        return new CheckSummary(Count(CaseStatus.Passed), Count(CaseStatus.Failed), Count(CaseStatus.Skipped),
            Count(CaseStatus.ExpectedFailure), Count(CaseStatus.UnexpectedPass), results,
            expectations.Unmatched(allCaseIds ?? cases.Select(c => c.Id), device).ToList(), clock.Elapsed.TotalSeconds);
    }
}
