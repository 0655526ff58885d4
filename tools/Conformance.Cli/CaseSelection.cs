using System.CommandLine;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Cli;

/// <summary><c>check</c>'s choice of cases: <c>--filter REGEX</c> keeps the ids that match, <c>--exclude REGEX</c> drops
/// those that match, <c>--last-failed DIR</c> keeps the cases that failed (or passed unexpectedly) in the report.json an
/// earlier <c>check --report DIR</c> wrote.</summary>
public sealed class CaseSelection
{
    public Option<string?> Filter { get; } = CliOptions.Regex("--filter", "regular expression over case ids (e.g. '^losses/')");
    public Option<string?> Exclude { get; } = CliOptions.Regex("--exclude", "regular expression over case ids to leave out (after --filter)");
    public Option<string?> LastFailed { get; } = new("--last-failed")
        { Description = "run only the cases that failed in the report an earlier `check --report DIR` wrote into DIR" };

    public IEnumerable<Option> Options => [Filter, Exclude, LastFailed];

    /// <summary>The largest report.json read back (a report of every case is well under 1 MiB).</summary>
    const long MaxReportBytes = 64L << 20;

    public IReadOnlyList<GoldenCase> Select(ParseResult r, IReadOnlyList<GoldenCase> all)
    {
        var cases = CliOptions.Select(all, r.GetValue(Filter));
        if (r.GetValue(Exclude) is { } ex)
        {
            var drop = UserRegex.Where(cases, c => c.Id, ex, "--exclude").Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            cases = cases.Where(c => !drop.Contains(c.Id)).ToList();
        }
        if (r.GetValue(LastFailed) is { } dir)
        {
            var failed = FailedIn(dir);
            cases = cases.Where(c => failed.Contains(c.Id)).ToList();
        }
        return cases;
    }

    /// <summary>The ids whose status was FAIL or XPASS in DIR/report.json.</summary>
    static HashSet<string> FailedIn(string dir)
    {
        var path = Path.Combine(dir, "report.json");
        byte[] bytes;
        try { bytes = RegularFile.ReadAllBytes(path, MaxReportBytes); }
        catch (RegularFileException e) { throw new UsageException($"--last-failed {dir}: {e.Message} (give the folder an earlier check --report wrote)"); }
        JsonNode? root;
        try { root = JsonNode.Parse(bytes); }
        catch (System.Text.Json.JsonException e) { throw new UsageException($"--last-failed {dir}: {path} is not valid JSON: {e.Message}"); }
        if (root?["cases"] is not JsonArray list) throw new UsageException($"--last-failed {dir}: {path} has no 'cases' list (not a report.json)");
        return list.OfType<JsonObject>()
            .Where(o => o["status"] is JsonValue s && s.TryGetValue<string>(out var st) && st is "FAIL" or "XPASS")
            .Select(o => o["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }
}
