using System.Security.Cryptography;
using System.Text.Json;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Report;

/// <summary>
/// <c>conformance check --report DIR</c>: <c>report.json</c> (<see cref="ReportJson"/>), <c>report.md</c>
/// (<see cref="ReportMarkdown"/>) and <c>report.html</c> (<see cref="ReportHtml"/>) (the table with a row of pictures per image-like output: golden, candidate,
/// |difference|). Pictures are drawn as each case finishes (<see cref="Add"/>) so no candidate array is kept; the three
/// files are written at the end (<see cref="Finish"/>). Everything goes into a staging folder beside the destination,
/// swapped into place only when complete (<see cref="StagedFolder"/>): a run stopped half-way leaves the previous
/// report as it was, and a destination that is a file, or a folder of other files, is refused before any case runs. Drawn: every image-like output of a
/// case that
/// did not pass, and the last image-like output of a case that passed.
/// </summary>
public sealed class ReportWriter(string dir, ReportHeader header) : IDisposable
{
    readonly StagedFolder staged = new(dir, "--report");

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
                var w = lost is null ? TryWrite(() => ReportPictures.Write(Path.Combine(staged.Staging, rel), o.Name, Golden(c, spec), cand)) : null;
                if (w is { } p) pics = (Path.Combine(rel, p.Golden), p.Candidate is null ? null : Path.Combine(rel, p.Candidate), p.Diff is null ? null
                    : Path.Combine(rel, p.Diff), p.MaxDiff, p.Lo, p.Hi, p.Rgb);
            }
            outs.Add(new OutputRow(o, pics));
        }
        rows.Add(new CaseRow(r with { Candidate = null }, c.Description, outs));
    }

    static NpyArray Golden(GoldenCase c, OutputSpec o) => c.ReadArray(o.ArraySpec);

    /// <summary>Why the report's files could not be written (a full or read-only disk, <c>ulimit -f</c>), once it
    /// happened; the check goes on and <see cref="Finish"/> then fails with it.</summary>
    string? lost;

    T? TryWrite<T>(Func<T?> write) where T : struct
    {
        try { return write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            lost = e.Message;
            return null;
        }
    }

    public void Finish(CheckSummary s)
    {
        if (lost is not null) throw new IOException($"a picture could not be written into {staged.Staging}: {lost}");
        var content = new ReportContent(header, s, rows);
        File.WriteAllText(Path.Combine(staged.Staging, "report.json"),
            ReportJson.Of(content).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(staged.Staging, "report.md"), ReportMarkdown.Of(content));
        File.WriteAllText(Path.Combine(staged.Staging, "report.html"), ReportHtml.Of(content));
        staged.Commit();
    }

    public void Dispose() => staged.Dispose();
}
