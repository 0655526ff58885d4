namespace KerasVis.Conformance.Harness;

/// <summary>The counts of one check run.</summary>
public sealed record CheckSummary(int Passed, int Failed, int Skipped, int ExpectedFailures, int UnexpectedPasses,
    IReadOnlyList<CaseResult> Results, IReadOnlyList<string> UnmatchedPatterns, double Seconds)
{
    /// <summary>True when nothing failed and no expected failure passed.</summary>
    public bool Ok => Failed == 0 && UnexpectedPasses == 0;
    public override string ToString() =>
        $"{Passed} passed, {Failed} failed, {Skipped} skipped, {ExpectedFailures} expected failures, {UnexpectedPasses} unexpected passes";
}
