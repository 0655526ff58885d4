using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Report;

/// <summary>
/// <c>conformance check --report DIR</c>: <c>report.json</c> (everything, for machines), <c>report.md</c> (a table for
/// a pull request) and <c>report.html</c> (the table with a row of pictures per image-like output: golden, candidate,
/// |difference|). Pictures are drawn as each case finishes (<see cref="Add"/>) so no candidate array is kept; the three
/// files are written at the end (<see cref="Finish"/>). Everything goes into a staging folder beside the destination,
/// swapped into place only when complete (<see cref="StagedFolder"/>): a run stopped half-way leaves the previous
/// report as it was, and a destination that is a file, or a folder of other files, is refused before any case runs. Drawn: every image-like output of a case that
/// did not pass, and the last image-like output of a case that passed.
/// </summary>
public sealed class ReportWriter(string dir, ReportHeader header) : IDisposable
{
    readonly StagedFolder staged = new(dir, d => File.Exists(Path.Combine(d, "report.json")), "--report");
    sealed record OutputRow(OutputResult Result, (string Golden, string? Candidate, string? Diff, double MaxDiff, double Lo, double Hi, bool Rgb)? Pictures);
    sealed record CaseRow(CaseResult Result, string Description, IReadOnlyList<OutputRow> Outputs);

    readonly List<CaseRow> rows = [];
    /// <summary>Where the report lands once <see cref="Finish"/> has run.</summary>
    public string Directory => staged.Destination;

    /// <summary>The golden set's identity: case count and a SHA-256 over the sorted manifests' bytes.</summary>
    public static string GoldenSetId(IReadOnlyList<GoldenCase> cases)
    {
        using var sha = SHA256.Create();
        foreach (var c in cases.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var b = File.ReadAllBytes(c.ManifestPath);
            sha.TransformBlock(b, 0, b.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return $"{cases.Count} cases, manifests sha256 {Convert.ToHexStringLower(sha.Hash!)[..16]} ({GoldenRepository.GoldenDir})";
    }

    public void Add(GoldenCase c, CaseResult r)
    {
        var outs = new List<OutputRow>();
        bool passed = r.Status == CaseStatus.Passed;
        var imageOutputs = c.Outputs.Where(o => o.Kind == OutputKind.Array).ToList();
        string? lastImage = passed ? Enumerable.Reverse(imageOutputs).FirstOrDefault(o => ReportPictures.Extract(Golden(c, o)) is not null)?.Name : null;
        foreach (var o in r.Outputs)
        {
            (string, string?, string?, double, double, double, bool)? pics = null;
            var spec = c.Outputs.First(x => x.Name == o.Name);
            if (spec.Kind == OutputKind.Array && (!passed || o.Name == lastImage))
            {
                var cand = r.Candidate?.Arrays.GetValueOrDefault(o.Name);
                var rel = Path.Combine("images", c.Id.Replace('/', '_'));
                var w = ReportPictures.Write(Path.Combine(staged.Staging, rel), o.Name, Golden(c, spec), cand);
                if (w is { } p) pics = (Path.Combine(rel, p.Golden), p.Candidate is null ? null : Path.Combine(rel, p.Candidate), p.Diff is null ? null : Path.Combine(rel, p.Diff), p.MaxDiff, p.Lo, p.Hi, p.Rgb);
            }
            outs.Add(new OutputRow(o, pics));
        }
        rows.Add(new CaseRow(r with { Candidate = null }, c.Description, outs));
    }

    static NpyArray Golden(GoldenCase c, OutputSpec o) => c.ReadArray(o.ArraySpec);

    public void Finish(CheckSummary s)
    {
        File.WriteAllText(Path.Combine(staged.Staging, "report.json"), Json(s).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(staged.Staging, "report.md"), Markdown(s));
        File.WriteAllText(Path.Combine(staged.Staging, "report.html"), Html(s));
        staged.Commit();
    }

    public void Dispose() => staged.Dispose();

    static string Status(CaseStatus s) => s switch
    {
        CaseStatus.Passed => "pass", CaseStatus.Failed => "FAIL", CaseStatus.Skipped => "skip",
        CaseStatus.ExpectedFailure => "xfail", _ => "XPASS",
    };

    static string G(double v) => double.IsFinite(v) ? v.ToString("0.###E+0", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
    static JsonValue? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    JsonObject Json(CheckSummary s) => new()
    {
        ["schema"] = "kerasvis-report/1",
        ["header"] = new JsonObject
        {
            ["backend"] = header.Backend, ["device"] = header.Device, ["harness"] = header.Harness,
            ["golden_set"] = header.GoldenSet, ["expectations"] = header.Expectations, ["started"] = header.Started,
            ["seconds"] = Math.Round(s.Seconds, 3), ["family_seconds"] = new JsonObject(s.FamilySeconds().Select(f => KeyValuePair.Create(f.Family, (JsonNode?)Math.Round(f.Seconds, 3)))),
        },
        ["summary"] = new JsonObject
        {
            ["passed"] = s.Passed, ["failed"] = s.Failed, ["skipped"] = s.Skipped,
            ["expected_failures"] = s.ExpectedFailures, ["unexpected_passes"] = s.UnexpectedPasses,
            ["unmatched_expectation_patterns"] = new JsonArray(s.UnmatchedPatterns.Select(p => (JsonNode)p).ToArray()),
        },
        ["cases"] = new JsonArray(rows.Select(row => (JsonNode)new JsonObject
        {
            ["id"] = row.Result.CaseId, ["device"] = row.Result.Device, ["status"] = Status(row.Result.Status),
            ["message"] = row.Result.Message, ["seconds"] = Math.Round(row.Result.Seconds, 3),
            ["outputs"] = new JsonArray(row.Outputs.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Result.Name, ["passed"] = o.Result.Comparison.Passed,
                ["tolerance"] = new JsonObject
                {
                    ["kind"] = Tolerance.Name(o.Result.Tolerance.Kind), ["text"] = o.Result.Tolerance.ToString(), ["reason"] = o.Result.Tolerance.Reason,
                    ["abs"] = o.Result.Tolerance.Abs, ["rel"] = o.Result.Tolerance.Rel, ["max_ulp"] = o.Result.Tolerance.MaxUlp,
                },
                ["max_abs"] = Num(o.Result.Comparison.MaxAbs), ["max_abs_index"] = o.Result.Comparison.MaxAbsIndex,
                ["max_ulp"] = o.Result.Comparison.MaxUlp, ["max_ulp_index"] = o.Result.Comparison.MaxUlpIndex,
                ["mismatched"] = o.Result.Comparison.Mismatched, ["count"] = o.Result.Comparison.Count,
                ["tolerance_used"] = Num(o.Result.Comparison.Usage), ["message"] = o.Result.Comparison.Message,
                ["pictures"] = o.Pictures is { } p ? new JsonObject
                {
                    ["golden"] = p.Golden, ["candidate"] = p.Candidate, ["diff"] = p.Diff, ["max_diff"] = Num(p.MaxDiff),
                } : null,
            }).ToArray()),
        }).ToArray()),
    };

    string HeaderLines(Func<string, string, string> line) =>
        line("backend", header.Backend) + line("device", header.Device) + line("harness", header.Harness) +
        line("golden set", header.GoldenSet) + line("expectations", header.Expectations) + line("started", header.Started) +
        line("trust", "a pass is only as honest as the backend: an external port runs with the user's rights and could read the goldens (docs/porting.md, Trust model)");

    string Markdown(CheckSummary s)
    {
        var sb = new StringBuilder("# Conformance report\n\n");
        sb.Append(HeaderLines((k, v) => $"- **{k}**: {v}\n"));
        sb.Append($"- **result**: {s} in {s.Seconds:0.#} s\n- **seconds per family**: {s.FamilySecondsText()}\n");
        foreach (var p in s.UnmatchedPatterns) sb.Append($"- expectation pattern matching no case: {p}\n");
        sb.Append("\n| case | status | output | tolerance | max abs (index) | max ulp (index) | tolerance used |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in rows)
        {
            var r = row.Result;
            if (row.Outputs.Count == 0) sb.Append($"| `{r.CaseId}` | {Status(r.Status)} | | | | | {Cell(r.Message)} |\n");
            foreach (var o in row.Outputs)
            {
                var c = o.Result.Comparison;
                sb.Append($"| `{r.CaseId}` | {Status(r.Status)} | {o.Result.Name}{(c.Passed ? "" : " ✗")} | {Cell(o.Result.Tolerance.ToString())} | ");
                sb.Append(c.Count == 0 ? $"{Cell(c.Message)} | | |\n" : $"{G(c.MaxAbs)} ({c.MaxAbsIndex}) | {c.MaxUlp} ({c.MaxUlpIndex}) | {(double.IsFinite(c.Usage) ? c.Usage.ToString("P1", CultureInfo.InvariantCulture) : "∞")} |\n");
            }
        }
        var notPassed = rows.Where(r => r.Result.Status is not (CaseStatus.Passed or CaseStatus.Skipped)).ToList();
        if (notPassed.Count > 0)
        {
            sb.Append("\n## Messages\n");
            foreach (var row in notPassed) sb.Append($"\n### `{row.Result.CaseId}` ({Status(row.Result.Status)})\n\n```\n{row.Result.Message}\n```\n");
        }
        return sb.ToString();
    }

    static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    string Html(CheckSummary s)
    {
        static string E(string? x) => WebUtility.HtmlEncode(x ?? "");
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conformance report</title>\n<style>\n");
        sb.Append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}");
        sb.Append("th{background:#f3f3f3;text-align:left}.pass{color:#17702f}.FAIL,.XPASS{color:#b00020;font-weight:bold}.xfail{color:#a05a00}.skip{color:#777}");
        sb.Append(".case{margin:18px 0;border-top:2px solid #ddd;padding-top:8px}.pics{display:flex;gap:12px;margin:6px 0 10px}.pics figure{margin:0}");
        sb.Append($".bar{{width:160px;height:8px;background:{JetGradient()};border:1px solid #aaa;border-top:0}}.scale{{width:162px;display:flex;justify-content:space-between;gap:6px;font-size:11px;color:#333}}");
        sb.Append(".pics img{width:160px;image-rendering:pixelated;border:1px solid #aaa}figcaption{font-size:12px;color:#555}pre{white-space:pre-wrap;background:#fafafa;padding:6px;margin:4px 0}");
        sb.Append("code{font-size:13px}\n</style></head><body>\n<h1>Conformance report</h1>\n<table>\n");
        sb.Append(HeaderLines((k, v) => $"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>\n"));
        sb.Append($"<tr><th>result</th><td>{E(s.ToString())} in {s.Seconds:0.#} s</td></tr>\n<tr><th>seconds per family</th><td>{E(s.FamilySecondsText())}</td></tr>\n</table>\n");
        foreach (var p in s.UnmatchedPatterns) sb.Append($"<p class=\"xfail\">expectation pattern matching no case: {E(p)}</p>\n");
        // what needs a look comes first (failures, unexpected passes, expected failures, with their pictures), then the
        // table of every case (skips with their reason), then the passing cases' details
        static bool NeedsALook(CaseRow r) => r.Result.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass or CaseStatus.ExpectedFailure;
        if (rows.Any(NeedsALook)) { sb.Append("<h2>Needs a look</h2>\n"); Details(sb, NeedsALook); }
        sb.Append("<h2>All cases</h2>\n<table><tr><th>case</th><th>status</th><th>outputs failing</th><th>seconds</th><th>note</th></tr>\n");
        foreach (var row in rows)
        {
            var st = Status(row.Result.Status);
            var failing = string.Join(", ", row.Outputs.Where(o => !o.Result.Comparison.Passed).Select(o => o.Result.Name));
            var note = row.Result.Status == CaseStatus.Passed ? "" : row.Result.Message.Split('\n')[0];
            var link = row.Result.Status == CaseStatus.Skipped ? $"<code>{E(row.Result.CaseId)}</code>" : $"<a href=\"#{Anchor(row.Result.CaseId)}\"><code>{E(row.Result.CaseId)}</code></a>";
            sb.Append($"<tr><td>{link}</td><td class=\"{st}\">{st}</td><td>{E(failing)}</td><td>{row.Result.Seconds:0.00}</td><td>{E(note.Length > 160 ? note[..157] + "…" : note)}</td></tr>\n");
        }
        sb.Append("</table>\n");
        sb.Append("<h2>Passing cases</h2>\n");
        Details(sb, r => r.Result.Status == CaseStatus.Passed);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The detail sections (outputs table and pictures) of the rows <paramref name="include"/> picks, failures first.</summary>
    void Details(StringBuilder sb, Func<CaseRow, bool> include)
    {
        static string E(string? x) => WebUtility.HtmlEncode(x ?? "");
        foreach (var row in rows.Where(include).OrderBy(r => r.Result.Status switch
                 { CaseStatus.Failed => 0, CaseStatus.UnexpectedPass => 1, CaseStatus.ExpectedFailure => 2, _ => 3 }))
        {
            var r = row.Result;
            var st = Status(r.Status);
            sb.Append($"<div class=\"case\" id=\"{Anchor(r.CaseId)}\"><h3><code>{E(r.CaseId)}</code> <span class=\"{st}\">{st}</span></h3><p>{E(row.Description)}</p>\n");
            if (r.Message.Length > 0) sb.Append($"<pre>{E(r.Message)}</pre>\n");
            if (row.Outputs.Count == 0) { sb.Append("</div>\n"); continue; }
            sb.Append("<table><tr><th>output</th><th>result</th><th>tolerance</th><th>max abs (index)</th><th>max ulp (index)</th><th>tolerance used</th></tr>\n");
            foreach (var o in row.Outputs)
            {
                var c = o.Result.Comparison;
                sb.Append($"<tr><td><code>{E(o.Result.Name)}</code></td><td class=\"{(c.Passed ? "pass" : "FAIL")}\">{(c.Passed ? "pass" : "FAIL")}</td>");
                sb.Append($"<td title=\"{E(o.Result.Tolerance.Reason)}\">{E(o.Result.Tolerance.ToString())}</td>");
                sb.Append(c.Count == 0 ? $"<td colspan=\"3\">{E(c.Message)}</td></tr>\n"
                    : $"<td>{G(c.MaxAbs)} ({E(c.MaxAbsIndex)})</td><td>{c.MaxUlp} ({E(c.MaxUlpIndex)})</td><td>{(double.IsFinite(c.Usage) ? c.Usage.ToString("P1", CultureInfo.InvariantCulture) : "∞")}</td></tr>\n");
            }
            sb.Append("</table>\n");
            foreach (var o in row.Outputs.Where(o => o.Pictures is not null))
            {
                var p = o.Pictures!.Value;
                var scale = p.Rgb ? "" : Bar(p.Lo, p.Hi);
                sb.Append($"<div class=\"pics\"><figure><img src=\"{E(Url(p.Golden))}\" alt=\"golden {E(o.Result.Name)}\">{scale}<figcaption>{E(o.Result.Name)}: golden</figcaption></figure>");
                if (p.Candidate is not null)
                    sb.Append($"<figure><img src=\"{E(Url(p.Candidate))}\" alt=\"candidate\">{scale}<figcaption>candidate (the golden's scale; beyond it clipped)</figcaption></figure>");
                else sb.Append("<figure><figcaption>candidate: no array of the golden's shape</figcaption></figure>");
                if (p.Diff is not null)
                    sb.Append($"<figure><img src=\"{E(Url(p.Diff))}\" alt=\"difference\">{Bar(0, p.MaxDiff)}<figcaption>|candidate − golden|</figcaption></figure>");
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
