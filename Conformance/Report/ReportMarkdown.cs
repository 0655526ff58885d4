using System.Globalization;
using System.Text;
using KerasVis.Conformance.Harness;

namespace KerasVis.Conformance.Report;

/// <summary>report.md: the table for a pull request, then the messages of what did not pass.</summary>
static class ReportMarkdown
{
    public static string Of(ReportContent content)
    {
        var (s, rows) = (content.Summary, content.Rows);
        var sb = new StringBuilder("# Conformance report\n\n");
        sb.Append(content.HeaderLines((k, v) => $"- **{k}**: {new string(v.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray())}\n"));
        sb.Append($"- **result**: {s} in {s.Seconds:0.#} s\n- **seconds per family**: {s.FamilySecondsText()}\n");
        foreach (var p in s.UnmatchedPatterns) sb.Append($"- expectation pattern matching no case: {p}\n");
        sb.Append("\n| case | status | output | tolerance | max abs (index) | max ulp (index) | tolerance used |\n| --- | --- | --- | --- | --- | --- | " +
            "--- |\n");
        foreach (var row in rows)
        {
            var r = row.Result;
            if (row.Outputs.Count == 0) sb.Append($"| `{r.CaseId}` | {ReportContent.Status(r.Status)} | | | | | {Cell(r.Message)} |\n");
            foreach (var o in row.Outputs)
            {
                var c = o.Result.Comparison;
                sb.Append($"| `{r.CaseId}` | {ReportContent.Status(r.Status)} | {o.Result.Name}{(c.Passed ? "" : " ✗")} " +
                    $"| {Cell(o.Result.Tolerance.ToString())} | ");
                sb.Append(c.Count == 0 ? $"{Cell(c.Message)} | | |\n"
                    : $"{(c.NanMismatches > 0 ? "NaN" : ReportContent.G(c.MaxAbs))} ({c.MaxAbsIndex}) | " +
                        $"{(VerdictText.UlpMeaningful(o.Result) ? $"{c.MaxUlp} ({c.MaxUlpIndex})" : "-")} | {Cell(VerdictText.Used(c))} |\n");
            }
        }
        var notPassed = rows.Where(r => r.Result.Status is not (CaseStatus.Passed or CaseStatus.Skipped)).ToList();
        if (notPassed.Count > 0)
        {
            sb.Append("\n## Messages\n");
            foreach (var row in notPassed) sb.Append($"\n### `{row.Result.CaseId}` " +
                $"({ReportContent.Status(row.Result.Status)})\n\n```\n{row.Result.Message}\n```\n");
        }
        return sb.ToString();
    }

    /// <summary>Text in a table cell: backslashes and bars escaped (GitHub's tables read <c>\\|</c> as a backslash and
    /// then a cell boundary), line breaks and other control characters as spaces, so no text can add or end a cell.</summary>
    static string Cell(string s) => new string(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray());

}
