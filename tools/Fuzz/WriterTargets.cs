using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Report;

namespace KerasVis.Fuzz;

/// <summary>A writer's output that its format cannot hold (the fuzz driver counts it as a crash: it is no typed refusal).</summary>
public sealed class WriterFindingException(string message) : Exception(message);

/// <summary>
/// The writers under fuzzing: the fuzzed bytes, decoded as UTF-8, are a port's failure message (what a port controls:
/// its stderr, its <c>_error.txt</c>) and an expectation reason, written as JUnit XML, report.html and report.md. A
/// finding is JUnit that is not well-formed XML 1.0, or the text's markup, newline or table bar reaching the HTML or the
/// Markdown table raw.
/// </summary>
public static class WriterTargets
{
    static readonly Lazy<GoldenCase> Seed = new(() => GoldenRepository.LoadAll().Single(c => c.Id == "losses/cce_seed_example"));

    public static void Run(string path)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        var scratch = Path.GetDirectoryName(path)!;
        var failed = new CaseResult(Seed.Value.Id, "fuzz", "cpu", CaseStatus.Failed, text, []);
        var expected = new CaseResult("losses/cce_random_8x10", "fuzz", "cpu", CaseStatus.ExpectedFailure, "expected failure: " + text, []);
        var summary = new CheckSummary(0, 1, 0, 1, 0, [failed, expected], [], 0.1);
        var junit = Path.Combine(scratch, "junit.xml");
        JUnitWriter.Write(junit, summary, "fuzz " + text);
        try { _ = System.Xml.Linq.XDocument.Load(junit); }
        catch (System.Xml.XmlException e) { throw new WriterFindingException($"JUnit is not XML 1.0: {e.Message}"); }
        var report = Path.Combine(scratch, "report");
        using (var w = new ReportWriter(report, new ReportHeader("fuzz", "cpu", "harness", "golden", text, "now")))
        {
            w.Add(Seed.Value, failed);
            w.Finish(summary);
        }
        bool risky = text.IndexOfAny(['<', '>', '"']) >= 0;
        if (risky && File.ReadAllText(Path.Combine(report, "report.html")).Contains(text, StringComparison.Ordinal))
            throw new WriterFindingException("the text reached report.html unescaped");
        var md = File.ReadAllText(Path.Combine(report, "report.md")).Split('\n');
        var row = md.FirstOrDefault(l => l.StartsWith($"| `{Seed.Value.Id}`", StringComparison.Ordinal))
            ?? throw new WriterFindingException("report.md has no table row for the case");
        if (CellBoundaries(row) != 8 || row.Contains('\r')) throw new WriterFindingException($"the text changed report.md's table row: {row}");
    }

    /// <summary>The bars of a GitHub table row that end cells: a backslash escapes the character after it.</summary>
    static int CellBoundaries(string row)
    {
        int n = 0;
        for (int i = 0; i < row.Length; i++)
            if (row[i] == '\\') i++;
            else if (row[i] == '|') n++;
        return n;
    }
}
