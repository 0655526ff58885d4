namespace KerasVis.Conformance.Harness;

/// <summary>The counts of one check run.</summary>
public sealed record CheckSummary(int Passed, int Failed, int Skipped, int ExpectedFailures, int UnexpectedPasses,
    IReadOnlyList<CaseResult> Results, IReadOnlyList<string> UnmatchedPatterns, double Seconds)
{
    /// <summary>True when nothing failed and no expected failure passed.</summary>
    public bool Ok => Failed == 0 && UnexpectedPasses == 0;
    /// <summary>Seconds and case counts per family (the id's first part), slowest first.</summary>
    public IReadOnlyList<(string Family, double Seconds, int Cases)> FamilySeconds() =>
        Results.GroupBy(r => r.CaseId.Split('/')[0]).Select(g => (g.Key, g.Sum(r => r.Seconds), g.Count())).OrderByDescending(f => f.Item2).ToList();

    /// <summary><see cref="FamilySeconds"/> as one line: <c>keras_h5 2.5 (5), cam 1.3 (3), …</c>.</summary>
    public string FamilySecondsText() => string.Join(", ", FamilySeconds().Select(f =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Family} {f.Seconds:0.0} ({f.Cases})")));

    public override string ToString() =>
        $"{Passed} passed, {Failed} failed, {Skipped} skipped, {ExpectedFailures} expected failures, {UnexpectedPasses} unexpected passes";
}
