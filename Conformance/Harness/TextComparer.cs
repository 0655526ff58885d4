using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KerasVis.Conformance.Harness;

/// <summary>
/// Text outputs: <c>exact_text</c> (every character; a failure names the first differing line and column) and
/// <c>summary_rows</c> (a Keras summary table compared with a lab printout, rules in the golden file and in
/// docs/golden-format.md).
/// </summary>
public static class TextComparer
{
    public static Comparison Compare(string actual, string golden, string compare, string goldenFile) => compare switch
    {
        "exact_text" => Exact(actual, golden, goldenFile),
        "summary_rows" => SummaryRows(actual, golden, goldenFile),
        _ => new Comparison(false, $"unknown text comparison '{compare}'"),
    };

    public static Comparison Exact(string actual, string golden, string goldenFile)
    {
        if (actual == golden) return new Comparison(true, $"identical ({golden.Split('\n').Length} lines)");
        var a = actual.Split('\n'); var g = golden.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, g.Length); i++)
        {
            var la = i < a.Length ? a[i] : "<end of text>";
            var lg = i < g.Length ? g[i] : "<end of text>";
            if (la == lg) continue;
            int col = 0;
            while (col < la.Length && col < lg.Length && la[col] == lg[col]) col++;
            var crlf = la.EndsWith('\r') && !lg.EndsWith('\r') ? " (the port wrote CRLF line endings; the golden's are LF)" : "";
            return new Comparison(false, $"text differs at line {i + 1}, column {col + 1}{crlf}:\n  golden: {IO.VisibleText.Of(lg)}\n" +
                $"  actual: {IO.VisibleText.Of(la)}\n  ({goldenFile})");
        }
        return new Comparison(false, $"texts differ in line endings ({goldenFile})");
    }

    static string Norm(string s) => Regex.Replace(s.Replace("…", "..."), @"\s+", " ").Trim();

    /// <summary>Rows of a rendered rich table: cells of wrapped lines joined by one space.</summary>
    public static List<string[]> ParseTable(string text, out List<string> footer, out string? title)
    {
        var rows = new List<string[]>();
        footer = new List<string>();
        title = null;
        List<string>[]? current = null;
        foreach (var line in text.Split('\n'))
        {
            var m = Regex.Match(line, "^Model: \"(.*)\"$");
            if (m.Success) { title = m.Groups[1].Value; continue; }
            if (line.StartsWith('│'))
            {
                var cells = line.Trim('│').Split('│');
                current ??= cells.Select(_ => new List<string>()).ToArray();
                for (int c = 0; c < cells.Length && c < current.Length; c++)
                    if (cells[c].Trim().Length > 0) current[c].Add(cells[c].Trim());
            }
            else if (line.StartsWith('├') || line.StartsWith('└'))
            {
                if (current != null) rows.Add(current.Select(c => string.Join(" ", c)).ToArray());
                current = null;
            }
            else if (line.StartsWith(' ') && line.Contains("params:")) footer.Add(line);
        }
        return rows;
    }

    public static Comparison SummaryRows(string actual, string goldenJson, string goldenFile)
    {
        var g = JsonNode.Parse(goldenJson)!.AsObject();
        var rows = ParseTable(actual, out var footer, out var title);
        var grows = g["rows"]!.AsArray();
        var problems = new List<string>();
        if (g["title"] is JsonValue tv && (string?)tv is string gt && gt != title) problems.Add($"title \"{title}\" ≠ printout \"{gt}\"");
        if (rows.Count != grows.Count) problems.Add($"{rows.Count} rows ≠ printout's {grows.Count}");
        for (int i = 0; i < Math.Min(rows.Count, grows.Count); i++)
        {
            var r = rows[i]; var gr = grows[i]!.AsObject();
            var checks = new (string What, string Mine, string Theirs)[]
            {
                ("layer", Norm(r[0]), Norm((string)gr["layer"]!)),
                ("output shape", Norm(r[1]), Norm((string)gr["output_shape"]!)),
                ("params", r[2].Replace(",", "").Trim(), ((string)gr["params"]!).Replace(",", "").Trim()),
            };
            foreach (var (what, mine, theirs) in checks)
                if (mine != theirs) problems.Add($"row {i + 1} {what}: \"{mine}\" ≠ printout \"{theirs}\"");
            var extra = Norm((string?)gr["extra"] ?? "");
            if (r.Length > 3 && extra.Length > 0)
            {
                var gIn = Regex.Match(extra, @"^([^\[.]+)").Groups[1].Value;
                var mine = Norm(r[3]);
                if (!mine.StartsWith(gIn)) problems.Add($"row {i + 1} connected to: \"{mine}\" does not start with the printout's inbound layer \"{gIn}\"");
            }
        }
        var gTotals = g["totals"]!.AsArray().Select(t => ((string)t!).Trim()).ToList();
        var mineTotals = footer.Select(f => f.Trim()).ToList();
        if (gTotals.Count > 0 && !gTotals.SequenceEqual(mineTotals))
            problems.Add($"totals [{string.Join(" | ", mineTotals)}] ≠ printout [{string.Join(" | ", gTotals)}]");
        return problems.Count == 0
            ? new Comparison(true, $"{rows.Count} rows and {gTotals.Count} totals lines equal the printout")
            : new Comparison(false, string.Join("; ", problems) + $" ({goldenFile})");
    }
}
