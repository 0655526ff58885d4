using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A fixture file a case reads (an image, a weights file), as its manifest's <c>fixtures</c> list records it:
/// a path under <c>fixtures/</c> relative to the golden set's root, and its SHA-256.</summary>
public sealed record FixtureSpec(string File, string Sha256);

/// <summary>
/// The manifest rules that keep a case's identity and its fixtures trustworthy:
/// <list type="bullet">
/// <item>an id is <c>FAMILY/CASE</c> segments of letters, digits, <c>_</c>, <c>.</c> and <c>-</c> (none starting with
/// <c>.</c>), at most <see cref="MaxIdLength"/> characters: it names folders, report anchors, Markdown rows and JUnit
/// names, so it can hold no quote, markup, newline, or path that is too long;</item>
/// <item>every fixture a case names is checked against its recorded SHA-256 before the case runs (<see cref="Verify"/>):
/// a port can write the fixtures folder it is shown (<c>KERASVIS_FIXTURES</c>), and a changed fixture would make every
/// later case, and <c>run --case</c>, answer silently wrong; it is that case's "malformed golden" verdict instead.</item>
/// </list>
/// </summary>
public static partial class CaseFixtures
{
    public const int MaxIdLength = 120;

    /// <summary>null when <paramref name="id"/> is a valid case id, else why not.</summary>
    public static string? IdProblem(string id) =>
        id.Length > MaxIdLength ? $"is {id.Length} characters, more than the {MaxIdLength} allowed"
        : IdShape().IsMatch(id) ? null
        : "must be segments of letters, digits, '_', '.' and '-' joined by '/', none empty or starting with '.'";

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*\z")]
    private static partial Regex IdShape();

    /// <summary>The manifest's optional <c>fixtures</c> list: each entry a <c>file</c> under <c>fixtures/</c> (no
    /// <c>..</c>, no absolute path) and a 64-hex <c>sha256</c>.</summary>
    internal static IReadOnlyList<FixtureSpec> Parse(JsonObject manifest, string manifestPath)
    {
        if (manifest["fixtures"] is null) return [];
        if (manifest["fixtures"] is not JsonArray list) throw new GoldenFormatException(manifestPath, "'fixtures' must be an array");
        var specs = new List<FixtureSpec>();
        for (int i = 0; i < list.Count; i++)
        {
            var where = $"fixtures[{i}]";
            if (list[i] is not JsonObject e || e["file"] is not JsonValue fv || !fv.TryGetValue<string>(out var file) || e["sha256"] is not JsonValue sv
                || !sv.TryGetValue<string>(out var sha))
                throw new GoldenFormatException(manifestPath, $"{where} must be an object with string 'file' and 'sha256'");
            if (!file.StartsWith("fixtures/", StringComparison.Ordinal) || file.Split('/').Any(s => s is "" or "." or "..") || file.Contains('\\'))
                throw new GoldenFormatException(manifestPath, $"{where}.file '{file}' must be a relative path under fixtures/ without '.' or '..'");
            if (sha.Length != 64 || !sha.All(Uri.IsHexDigit)) throw new GoldenFormatException(manifestPath, $"{where}.sha256 must be 64 hex digits");
            specs.Add(new FixtureSpec(file, sha.ToLowerInvariant()));
        }
        return specs;
    }

    /// <summary>Checks each fixture of <paramref name="c"/> under <paramref name="root"/> (the folder holding golden/ and
    /// fixtures/); a missing, special or changed file is a <see cref="GoldenFormatException"/> naming it.</summary>
    public static void Verify(GoldenCase c, string root)
    {
        foreach (var f in c.Fixtures)
        {
            var path = Path.Combine(root, f.File);
            byte[] bytes;
            try { bytes = RegularFile.ReadAllBytes(path, GoldenCase.MaxCaseFileBytes); }
            catch (RegularFileException e) { throw new GoldenFormatException(path, $"fixture named by {c.ManifestPath} {e.Problem}"); }
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (sha != f.Sha256)
                throw new GoldenFormatException(path, $"fixture SHA-256 {sha} differs from the {f.Sha256} that {c.Id}'s manifest records (the file " +
                    "was changed, perhaps by a port: restore it with `git checkout -- fixtures/`)");
        }
    }
}
