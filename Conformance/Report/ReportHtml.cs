using System.Globalization;
using System.Net;
using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Imaging;

namespace KerasVis.Conformance.Report;

/// <summary>report.html: what needs a look first (with a row of pictures per image-like output: golden, candidate,
/// |difference|), the table of every case, then the passing cases' details.</summary>
static class ReportHtml
{
    public static string Of(ReportContent content)
    {
        var (s, rows) = (content.Summary, content.Rows);
        static string E(string? x) => WebUtility.HtmlEncode(x ?? "");
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conformance report</title>\n<style>\n");
        sb.Append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px " +
            "6px;vertical-align:top}");
        sb.Append("th{background:#f3f3f3;text-align:left}.pass{color:#17702f}.FAIL,.XPASS{color:#b00020;font-weight:bold}");
        sb.Append(".xfail{color:#a05a00}.skip{color:#777}");
        sb.Append(".case{margin:18px 0;border-top:2px solid #ddd;padding-top:8px}.pics{display:flex;gap:12px;margin:6px 0 10px}.pics figure{margin:0}");
        sb.Append($".bar{{width:160px;height:8px;background:{JetGradient()};border:1px solid " +
            $"#aaa;border-top:0}}.scale{{width:162px;display:flex;justify-content:space-between;gap:6px;font-size:11px;color:#333}}");
        sb.Append(".pics img{width:160px;image-rendering:pixelated;border:1px solid " +
            "#aaa}figcaption{font-size:12px;color:#555}pre{white-space:pre-wrap;background:#fafafa;padding:6px;margin:4px 0}");
        sb.Append("code{font-size:13px}summary{cursor:pointer;margin:8px 0}.filter label{margin-right:12px}.why{font-size:13px;color:#444;max-width:60em}\n");
        sb.Append("</style></head><body>\n");
        sb.Append("<h1>Conformance report</h1>\n<table>\n");
        sb.Append(content.HeaderLines((k, v) => $"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>\n"));
        sb.Append($"<tr><th>result</th><td>{E(s.ToString())} in {s.Seconds:0.#} s</td></tr>\n<tr><th>seconds per " +
            $"family</th><td>{E(s.FamilySecondsText())}</td></tr>\n</table>\n");
        foreach (var p in s.UnmatchedPatterns) sb.Append($"<p class=\"xfail\">expectation pattern matching no case: {E(p)}</p>\n");
        // what needs a look comes first (failures, unexpected passes, expected failures, with their pictures), then the
        // table of every case (skips with their reason), then the passing cases' details
        static bool NeedsALook(CaseRow r) => r.Result.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass or CaseStatus.ExpectedFailure;
        if (rows.Any(NeedsALook)) { sb.Append("<h2>Needs a look</h2>\n"); Details(sb, rows, NeedsALook); }
        // a status filter over the table: one checkbox per status present, each hiding or showing its rows
        sb.Append("<h2>All cases</h2>\n<p class=\"filter\">show: ");
        foreach (var st in rows.Select(r => ReportContent.Status(r.Result.Status)).Distinct().Order(StringComparer.Ordinal))
            sb.Append($"<label><input type=\"checkbox\" checked onchange=\"for(const r of document.querySelectorAll('tr.s-{st}'))" +
                $"r.hidden=!this.checked\"> <span class=\"{st}\">{st}</span> ({rows.Count(r => ReportContent.Status(r.Result.Status) == st)})</label> ");
        sb.Append("</p>\n<table><tr><th>case</th><th>status</th><th>outputs failing</th><th>seconds</th><th>note</th></tr>\n");
        foreach (var row in rows)
        {
            var st = ReportContent.Status(row.Result.Status);
            var failing = string.Join(", ", row.Outputs.Where(o => !o.Result.Comparison.Passed).Select(o => o.Result.Name));
            var note = row.Result.Status == CaseStatus.Passed ? "" : row.Result.Message.Split('\n')[0];
            var link = row.Result.Status == CaseStatus.Skipped ? $"<code>{E(row.Result.CaseId)}</code>"
                : $"<a href=\"#{E(Anchor(row.Result.CaseId))}\"><code>{E(row.Result.CaseId)}</code></a>";
            sb.Append($"<tr class=\"s-{st}\"><td>{link}</td><td " +
                $"class=\"{st}\">{st}</td><td>{E(failing)}</td><td>{row.Result.Seconds:0.00}</td><td>{E(note.Length > 160 ? note[..157] + "…" : note)}" +
                    $"</td></tr>\n");
        }
        sb.Append("</table>\n");
        // the passing cases' details, one collapsed section per family (a report of every case is long)
        sb.Append("<h2>Passing cases</h2>\n");
        foreach (var family in rows.Where(r => r.Result.Status == CaseStatus.Passed).GroupBy(r => r.Result.CaseId.Split('/')[0]))
        {
            sb.Append($"<details><summary><b>{E(family.Key)}</b> ({family.Count()} passing)</summary>\n");
            Details(sb, family.ToList(), _ => true);
            sb.Append("</details>\n");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The detail sections (outputs table and pictures) of the rows <paramref name="include"/> picks, failures first.</summary>
    static void Details(StringBuilder sb, IReadOnlyList<CaseRow> rows, Func<CaseRow, bool> include)
    {
        static string E(string? x) => WebUtility.HtmlEncode(x ?? "");
        foreach (var row in rows.Where(include).OrderBy(r => r.Result.Status switch
                 { CaseStatus.Failed => 0, CaseStatus.UnexpectedPass => 1, CaseStatus.ExpectedFailure => 2, _ => 3 }))
        {
            var r = row.Result;
            var st = ReportContent.Status(r.Status);
            sb.Append($"<div class=\"case\" id=\"{E(Anchor(r.CaseId))}\"><h3><code>{E(r.CaseId)}</code> <span " +
                $"class=\"{st}\">{st}</span></h3><p>{E(row.Description)}</p>\n");
            // each tolerance's reason is said once, under the outputs table, not again inside every failure's message
            var reasons = row.Outputs.Select(o => o.Result.Tolerance.Reason).Where(x => x.Length > 0).Distinct().ToList();
            var message = reasons.Aggregate(r.Message, (m, why) => m.Replace($" ({why})", "", StringComparison.Ordinal));
            if (message.Length > 0) sb.Append($"<pre>{E(message)}</pre>\n");
            if (row.Outputs.Count == 0) { sb.Append("</div>\n"); continue; }
            sb.Append("<table><tr><th>output</th><th>result</th><th>tolerance</th><th>max abs (index)</th><th>max ulp (index)</th><th>tolerance " +
                "used</th></tr>\n");
            foreach (var o in row.Outputs)
            {
                var c = o.Result.Comparison;
                sb.Append($"<tr><td><code>{E(o.Result.Name)}</code></td><td class=\"{(c.Passed ? "pass" : "FAIL")}\">{(c.Passed ? "pass" : "FAIL")}</td>");
                sb.Append($"<td title=\"{E(o.Result.Tolerance.Reason)}\">{E(o.Result.Tolerance.ToString())}</td>");
                sb.Append(c.Count == 0 ? $"<td colspan=\"3\">{E(c.Message)}</td></tr>\n"
                    : $"<td>{(c.NanMismatches > 0 ? "NaN" : ReportContent.G(c.MaxAbs))} ({E(c.MaxAbsIndex)})</td><td>" +
                        $"{(VerdictText.UlpMeaningful(o.Result) ? $"{c.MaxUlp} ({E(c.MaxUlpIndex)})" : "-")}</td><td>{E(VerdictText.Used(c))}</td></tr>\n");
            }
            sb.Append("</table>\n");
            if (row.Result.Status != CaseStatus.Passed)
                foreach (var g in row.Outputs.GroupBy(o => o.Result.Tolerance.Reason).Where(g => g.Key.Length > 0))
                    sb.Append($"<p class=\"why\"><b>why {E(string.Join(", ", g.Select(o => o.Result.Name)))} {(g.Count() == 1 ? "has" : "have")} this " +
                        $"tolerance:</b> {E(g.Key)}</p>\n");
            foreach (var o in row.Outputs.Where(o => o.Pictures is not null))
            {
                var p = o.Pictures!.Value;
                var scale = p.Rgb ? "" : Bar(p.Lo, p.Hi);
                sb.Append($"<div class=\"pics\"><figure><img src=\"{E(Url(p.Golden))}\" " +
                    $"alt=\"golden {E(o.Result.Name)}\">{scale}<figcaption>{E(o.Result.Name)}: golden</figcaption></figure>");
                if (p.Candidate is not null)
                    sb.Append($"<figure><img src=\"{E(Url(p.Candidate))}\" alt=\"candidate\">{scale}<figcaption>candidate (the golden's scale; beyond it " +
                        $"clipped)</figcaption></figure>");
                else sb.Append("<figure><figcaption>candidate: no array of the golden's shape</figcaption></figure>");
                if (p.Diff is not null)
                    sb.Append($"<figure><img src=\"{E(Url(p.Diff))}\" alt=\"difference\">{Bar(0, p.MaxDiff)}<figcaption>|candidate − " +
                        $"golden|</figcaption></figure>");
                sb.Append("</div>\n");
            }
            sb.Append("</div>\n");
        }
    }

    /// <summary>A jet colour bar with the values at its ends (the scale a picture was drawn on).</summary>
    static string Bar(double lo, double hi) =>
        $"<div class=\"bar\"></div><div class=\"scale\"><span>{Short(lo)}</span><span>{Short((lo + hi) / 2)}</span><span>{Short(hi)}</span></div>";

    static string Short(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "-";

    /// <summary>matplotlib's jet as a CSS gradient, sampled from the same table the pictures use.</summary>
    static string JetGradient() => "linear-gradient(to right, " + string.Join(", ", Enumerable.Range(0, 9).Select(k =>
    {
        int i = Math.Min(255, k * 32);
        return $"rgb({Jet.LutBytes[i, 0]},{Jet.LutBytes[i, 1]},{Jet.LutBytes[i, 2]}) {k * 12.5:0.#}%";
    })) + ")";

    static string Url(string relative) => string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
    static string Anchor(string id) => "case-" + id.Replace('/', '-');

}
