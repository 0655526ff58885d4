using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>
/// Expectations owned by a backend (onnxruntime's style of per-backend test lists), in JSON with comments:
/// <code>
/// {
///   "backend": "python-torch-port",
///   "unsupported":         [ { "cases": ["summary/*", "tfkv_*"], "reason": "…" } ],   skipped, not run
///   "failing":             [ { "cases": ["cam/lab1_*"],          "reason": "…" } ],   a bug to fix: run, failure expected
///   "failing_permanently": [ { "cases": ["zoom/*"],              "reason": "…" } ]    a difference by design: run, failure expected
/// }
/// </code>
/// A listed case that fails is an expected failure (reported with the reason, not counted as a failure); one that
/// passes is an unexpected pass, reported and counted as a failure so the list is mended. The first entry that
/// matches wins, in the order unsupported, failing_permanently, failing. A pattern that matches no case is reported.
/// </summary>
public sealed class Expectations
{
    public static readonly string[] Lists = ["unsupported", "failing_permanently", "failing"];

    public string File { get; }
    public string Backend { get; }
    public IReadOnlyList<Expectation> Entries { get; }

    Expectations(string file, string backend, IReadOnlyList<Expectation> entries) { File = file; Backend = backend; Entries = entries; }

    public static Expectations None { get; } = new("(none)", "", []);

    /// <summary>The largest expectations file read: a few hundred patterns take kilobytes.</summary>
    public const long MaxBytes = 4 << 20;

    public static Expectations Load(string path)
    {
        if (!System.IO.File.Exists(path) && !Directory.Exists(path)) throw new ExpectationsException(path, "file not found");
        // a link is followed (a user's file may be one), then the target must be a regular file of a sane size: a FIFO
        // would block the read forever and /dev/zero never end, so neither is opened
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(path);
        byte[] bytes;
        try { bytes = RegularFile.ReadAllBytes(target.FullName, MaxBytes); }
        catch (RegularFileException e) { throw new ExpectationsException(path, e.Problem); }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), documentOptions: new JsonDocumentOptions
            { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e) { throw new ExpectationsException(path, $"not valid JSON with comments: {e.Message}"); }
        if (root is not JsonObject o) throw new ExpectationsException(path, "the top level must be an object");
        foreach (var key in o.Select(kv => kv.Key))
            if (key != "backend" && !Lists.Contains(key))
                throw new ExpectationsException(path, $"unknown key '{key}' (known: backend, {string.Join(", ", Lists)})");
        var entries = new List<Expectation>();
        foreach (var list in Lists)
        {
            if (o[list] is null) continue;
            if (o[list] is not JsonArray a) throw new ExpectationsException(path, $"'{list}' must be an array of {{\"cases\": [...], \"reason\": \"...\"}}");
            for (int i = 0; i < a.Count; i++)
            {
                var where = $"{list}[{i}]";
                if (a[i] is not JsonObject e) throw new ExpectationsException(path, $"{where} must be an object");
                var reason = e["reason"] is JsonValue rv && rv.TryGetValue<string>(out var r) && r.Trim().Length > 0 ? r.Trim()
                    : throw new ExpectationsException(path, $"{where} needs a non-empty 'reason'");
                var patterns = e["cases"] is JsonArray ca && ca.Count > 0 && ca.All(x => x is JsonValue xv && xv.TryGetValue<string>(out var s) && s.Length > 0)
                    ? ca.Select(x => (string)x!).ToList()
                    : throw new ExpectationsException(path, $"{where} needs 'cases': a non-empty array of case-id patterns");
                entries.Add(new Expectation(list, patterns, reason));
            }
        }
        var backend = o["backend"] is JsonValue bv && bv.TryGetValue<string>(out var b) ? b : "";
        return new Expectations(Path.GetFullPath(path), backend, entries);
    }

    /// <summary>The entry that applies to a case on a device, or null.</summary>
    public Expectation? For(string caseId, string device) => Entries.FirstOrDefault(e => e.Matches(caseId, device));

    /// <summary>Patterns that match none of the given case ids (stale or misspelt entries).</summary>
    public IEnumerable<string> Unmatched(IEnumerable<string> caseIds, string device)
    {
        var ids = caseIds.ToList();
        foreach (var e in Entries)
            foreach (var p in e.Patterns)
            {
                var one = new Expectation(e.List, [p], e.Reason);
                if (!ids.Any(id => one.Matches(id, device))) yield return $"{e.List}: '{p}'";
            }
    }

    /// <summary>Applies the expectations to a case's result (unsupported cases are decided before running: see
    /// <see cref="CheckRun"/>).</summary>
    public CaseResult Apply(CaseResult r)
    {
        var e = For(r.CaseId, r.Device);
        if (e is null || e.List == "unsupported") return r;
        return r.Status switch
        {
            CaseStatus.Failed => r with { Status = CaseStatus.ExpectedFailure, Message = $"expected failure ({e.List}: {e.Reason})\n{r.Message}" },
            CaseStatus.Passed => r with { Status = CaseStatus.UnexpectedPass,
                Message = $"unexpected pass: the case is listed in '{e.List}' of {File} ({e.Reason}) but passed; remove it from the list" },
            _ => r,
        };
    }
}
