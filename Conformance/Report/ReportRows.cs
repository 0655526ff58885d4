using System.Globalization;
using KerasVis.Conformance.Harness;

namespace KerasVis.Conformance.Report;

/// <summary>One output's row of a report: its comparison and, where drawn, its pictures (paths relative to the report).</summary>
sealed record OutputRow(OutputResult Result, (string Golden, string? Candidate, string? Diff, double MaxDiff, double Lo, double Hi, bool Rgb)? Pictures);

/// <summary>One case's row of a report.</summary>
sealed record CaseRow(CaseResult Result, string Description, IReadOnlyList<OutputRow> Outputs);

/// <summary>What the report's three formats share: the header, its status words and number formats.</summary>
sealed record ReportContent(ReportHeader Header, CheckSummary Summary, IReadOnlyList<CaseRow> Rows)
{
    public static string Status(CaseStatus s) => s switch
    {
        CaseStatus.Passed => "pass", CaseStatus.Failed => "FAIL", CaseStatus.Skipped => "skip",
        CaseStatus.ExpectedFailure => "xfail", _ => "XPASS",
    };

    public static string G(double v) => double.IsFinite(v) ? v.ToString("0.###E+0", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
    public static System.Text.Json.Nodes.JsonValue? Num(double v) => double.IsFinite(v) ? System.Text.Json.Nodes.JsonValue.Create(v) : null;

    public string HeaderLines(Func<string, string, string> line) =>
        line("backend", Header.Backend) + line("device", Header.Device) + line("harness", Header.Harness) +
        line("golden set", Header.GoldenSet) + line("expectations", Header.Expectations) + line("started", Header.Started) +
        line("trust", "a pass is only as honest as the backend: an external port runs with the user's rights and could read the goldens " +
            "(docs/porting.md, Trust model)");

}
