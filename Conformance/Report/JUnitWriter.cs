using System.Globalization;
using System.Xml.Linq;
using KerasVis.Conformance.Harness;

namespace KerasVis.Conformance.Report;

/// <summary>
/// <c>check --junit FILE</c>: the run as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins,
/// Azure Pipelines) read. One <c>testsuite</c> per family, one <c>testcase</c> per case × device (classname
/// <c>kerasvis.&lt;family&gt;</c>, name <c>&lt;case&gt;@&lt;device&gt;</c>, time in seconds). A failure carries the first
/// failing output and the share of its tolerance used; a skip its reason; an expected failure is a skip whose message
/// says so and why; an unexpected pass is a failure. Written atomically. Every string is made valid XML 1.0 first
/// (<see cref="XmlSafe"/>): a port's stderr or a case id may hold NUL or other characters XML cannot carry.
/// </summary>
public static class JUnitWriter
{
    public static void Write(string path, CheckSummary s, string backend)
    {
        var suites = s.Results.GroupBy(r => r.CaseId.Split('/')[0]).Select(g => Suite(g.Key, g.ToList(), backend));
        var root = new XElement("testsuites",
            new XAttribute("name", "kerasvis-conformance"),
            new XAttribute("tests", s.Results.Count),
            new XAttribute("failures", s.Results.Count(r => r.Status == CaseStatus.Failed && r.Outputs.Count > 0) + s.UnexpectedPasses),
            new XAttribute("errors", s.Results.Count(r => r.Status == CaseStatus.Failed && r.Outputs.Count == 0)),
            new XAttribute("skipped", s.Skipped + s.ExpectedFailures),
            new XAttribute("time", Seconds(s.Seconds)),
            suites);
        IO.AtomicFile.WriteAllText(path, new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString() + "\n");
    }

    static XElement Suite(string family, List<CaseResult> results, string backend) => new("testsuite",
        new XAttribute("name", XmlSafe(family)),
        new XAttribute("tests", results.Count),
        new XAttribute("failures", results.Count(r => r.Status == CaseStatus.Failed && r.Outputs.Count > 0 || r.Status == CaseStatus.UnexpectedPass)),
        new XAttribute("errors", results.Count(r => r.Status == CaseStatus.Failed && r.Outputs.Count == 0)),
        new XAttribute("skipped", results.Count(r => r.Status is CaseStatus.Skipped or CaseStatus.ExpectedFailure)),
        new XAttribute("time", Seconds(results.Sum(r => r.Seconds))),
        new XElement("properties", new XElement("property", new XAttribute("name", "backend"), new XAttribute("value", XmlSafe(backend)))),
        results.Select(Case));

    static XElement Case(CaseResult r)
    {
        var e = new XElement("testcase",
            new XAttribute("classname", XmlSafe($"kerasvis.{r.CaseId.Split('/')[0]}")),
            new XAttribute("name", XmlSafe($"{r.CaseId[(r.CaseId.IndexOf('/') + 1)..]}@{r.Device}")),
            new XAttribute("time", Seconds(r.Seconds)));
        switch (r.Status)
        {
            case CaseStatus.Failed when r.Outputs.Count == 0:   // the port crashed, timed out, wrote nothing or an unreadable file
                e.Add(new XElement("error", new XAttribute("message", XmlSafe(r.Message.Split('\n')[0])), new XAttribute("type", "port-error"),
                    XmlSafe(r.Message)));
                break;
            case CaseStatus.Failed:
                e.Add(new XElement("failure", new XAttribute("message", XmlSafe(FirstFailure(r))), new XAttribute("type", "mismatch"),
                    XmlSafe(r.Message)));
                break;
            case CaseStatus.UnexpectedPass:
                e.Add(new XElement("failure", new XAttribute("message", "unexpected pass: the expectations list this case as failing"),
                    new XAttribute("type", "unexpected-pass"), XmlSafe(r.Message)));
                break;
            case CaseStatus.Skipped:
                e.Add(new XElement("skipped", new XAttribute("message", XmlSafe(r.Message))));
                break;
            case CaseStatus.ExpectedFailure:
                e.Add(new XElement("skipped", new XAttribute("message", XmlSafe(r.Message.Split('\n')[0]))));   // "expected failure (list: reason)"
                break;
        }
        return e;
    }

    /// <summary>The first failing output and the share of its tolerance it used, or the backend's own message.</summary>
    static string FirstFailure(CaseResult r)
    {
        var o = r.Outputs.FirstOrDefault(x => !x.Comparison.Passed);
        if (o is null) return r.Message.Split('\n')[0];
        var used = VerdictText.Used(o.Comparison);
        var share = used.EndsWith('%') || used == "∞" ? $"{used} of it used" : used;
        return $"output '{o.Name}' outside its tolerance ({o.Tolerance}): {share}; {o.Comparison.Message.Split('\n')[0]}";
    }

    static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The text with every character XML 1.0 cannot hold (C0 controls but tab, newline and carriage return;
    /// lone surrogates; U+FFFE, U+FFFF) written as a visible <c>\uXXXX</c>, so the file stays valid and says what was there.</summary>
    public static string XmlSafe(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(c).Append(s[++i]);
            else if (System.Xml.XmlConvert.IsXmlChar(c)) sb.Append(c);
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        return sb.ToString();
    }
}
