using System.Text;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>
/// Text and files from elsewhere, round 2 of docs/robustness.md: case ids held to an alphabet and a length, manifests
/// a port could not read (a byte-order mark, UTF-16), numbers out of their range, fixtures changed behind the manifests'
/// back, a malformed golden output with a report, markup and terminal escapes from a port, CRLF text, runaway user
/// regexes and the CLI's help.
/// </summary>
public sealed class UntrustedTextTests() : SeedCaseTest("kerasvis-untrusted-")
{
    /// <summary>A copy of the golden set's <paramref name="families"/> (and its fixtures, copied or linked) under Tmp/root.</summary>
    string CopyGoldenSet(bool copyFixtures, params string[] families)
    {
        var root = Path.Combine(Tmp, "root");
        foreach (var f in families) CopyTree(Path.Combine(GoldenRepository.GoldenDir, f), Path.Combine(root, "golden", f));
        CopyTree(Path.Combine(GoldenRepository.GoldenDir, "schema"), Path.Combine(root, "golden", "schema"));
        var fixtures = Path.Combine(GoldenRepository.Root(), "fixtures");
        if (copyFixtures) CopyTree(fixtures, Path.Combine(root, "fixtures"));
        else Directory.CreateSymbolicLink(Path.Combine(root, "fixtures"), fixtures);
        return root;
    }

    static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }

    [Theory]
    [InlineData("losses/x\"><img src=x onerror=alert(1)><b x=\"")]
    [InlineData("losses/line\nbreak")]
    [InlineData("losses/../escape")]
    [InlineData("/losses/absolute")]
    [InlineData("losses/")]
    public void Case_ids_outside_the_alphabet_are_refused(string id)
    {
        Assert.NotNull(CaseFixtures.IdProblem(id));
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(WithManifest(m => m["id"] = id)));
        Assert.Contains("'id' must be segments of letters, digits", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void A_case_id_longer_than_the_limit_is_refused_and_every_golden_id_is_within_it()
    {
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(WithManifest(m => m["id"] = "losses/" + new string('a', 300))));
        Assert.Contains("is 307 characters, more than the 120 allowed", e.Message);
        Assert.All(GoldenRepository.LoadAll(), c => Assert.Null(CaseFixtures.IdProblem(c.Id)));
    }

    public static TheoryData<string, string> BadManifestValues() => new()
    {
        { "outlier_fraction", "'outlier_fraction' must be a fraction in [0, 1], got 2" },
        { "huge_shape", "holds 1E+12 elements, more than the 2.15E+09 allowed" },
        { "fixture_escapes", "fixtures[0].file '../x' must be a relative path under fixtures/" },
        { "bom", "a manifest must be UTF-8 without a byte-order mark" },
        { "utf16", "a manifest must be UTF-8 without a byte-order mark" },
    };

    [Theory]
    [MemberData(nameof(BadManifestValues))]
    public void Manifest_values_a_port_could_not_use_are_refused(string what, string problem)
    {
        string path = WithManifest(m =>
        {
            var out0 = m["outputs"]![0]!.AsObject();
            switch (what)
            {
                case "outlier_fraction": out0["tolerance"]!["outlier_fraction"] = 2.0; break;
                case "huge_shape": out0["shape"] = new JsonArray(1000000, 1000000); break;
                case "fixture_escapes": m["fixtures"] = new JsonArray(new JsonObject { ["file"] = "../x", ["sha256"] = new string('0', 64) }); break;
            }
        });
        if (what is "bom" or "utf16")
        {
            var text = File.ReadAllText(path);
            File.WriteAllBytes(path, what == "bom" ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.Unicode.GetPreamble()
                .Concat(Encoding.Unicode.GetBytes(text)).ToArray());
        }
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(path));
        Assert.Contains(problem, e.Message);
    }

    /// <summary>The seed case's manifest copied to Tmp/case and changed by <paramref name="change"/>; its path.</summary>
    string WithManifest(Action<JsonObject> change)
    {
        var dir = Path.Combine(Tmp, "case");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        CopyTree(GoldenDir(), dir);
        var path = Path.Combine(dir, "manifest.json");
        var m = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (m["outputs"]![0]!["tolerance"] is null) m["outputs"]![0]!["tolerance"] = new JsonObject();
        change(m);
        File.WriteAllText(path, m.ToJsonString());
        return path;
    }

    [Fact]
    public void A_changed_fixture_is_that_cases_named_verdict_not_a_silently_wrong_answer()
    {
        var root = CopyGoldenSet(copyFixtures: true, "cam");
        var weights = Path.Combine(root, "fixtures", "weights", "hash-weights.json");
        File.WriteAllText(weights, File.ReadAllText(weights).Replace("\"", "\" ", StringComparison.Ordinal));
        var r = CliProcess.Run(["check", "--golden", root, "--filter", "^cam/lab1_hash$"], Tmp);
        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        Assert.Contains("malformed golden", r.Stdout);
        Assert.Contains("fixture SHA-256", r.Stdout);
        Assert.Contains("hash-weights.json", r.Stdout);
    }

    [Fact]
    public void A_malformed_golden_output_is_that_cases_verdict_and_the_report_and_junit_are_still_written()
    {
        var root = CopyGoldenSet(copyFixtures: false, "losses");
        var broken = Path.Combine(root, "golden", CaseId, "reduced.npy");
        File.Delete(broken);
        System.Diagnostics.Process.Start("mkfifo", [broken])!.WaitForExit();
        var port = $"cp {GoldenRepository.GoldenDir}/losses/$(basename \"$1\" | sed 's/^[0-9]*-losses-//')/*.npy \"$1/out/\"";
        var r = CliProcess.Run(["check", "--golden", root, "--backend", "external", "--filter", "^losses/cce_(seed_example|random_8x10)$",
            "--report", Path.Combine(Tmp, "r"), "--junit", Path.Combine(Tmp, "j.xml"), "--command", port], Tmp, timeoutSeconds: 60);
        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        Assert.Contains("1 passed, 1 failed", r.Stdout);
        Assert.Contains("malformed golden", r.Stdout);
        Assert.Contains("is empty or not a regular file", File.ReadAllText(Path.Combine(Tmp, "r", "report.json")));
        Assert.Contains("malformed golden", File.ReadAllText(Path.Combine(Tmp, "j.xml")));
    }

    [Fact]
    public void Markup_and_terminal_escapes_from_a_port_reach_neither_the_report_nor_the_terminal_raw()
    {
        var r = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--report", Path.Combine(Tmp, "r"), "--command",
            "printf '<img src=x onerror=alert(1)> \\033[2J\\033[31mred' > \"$1/out/_error.txt\""], Tmp, timeoutSeconds: 60);
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("\u001b", r.Stdout + r.Stderr);
        Assert.Contains("\\u001B[2J", r.Stdout);
        var html = File.ReadAllText(Path.Combine(Tmp, "r", "report.html"));
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public void A_text_diff_from_crlf_line_endings_shows_the_carriage_return()
    {
        var c = TextComparer.Exact("Model: \"m\"\r\nrow\r\n", "Model: \"m\"\nrow\n", "golden/x/summary.txt");
        Assert.False(c.Passed);
        Assert.Contains("line 1, column 11 (the port wrote CRLF line endings; the golden's are LF)", c.Message);
        Assert.Contains("actual: Model: \"m\"\\u000D", c.Message);
    }

    [Fact]
    public void User_regexes_cannot_run_away_and_back_references_still_work()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = CliProcess.Run(["list", "--filter", "^([a-z_/0-9]+)+$"], Tmp, timeoutSeconds: 60);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(clock.Elapsed.TotalSeconds < 30, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(["losses/cce_seed_example"], UserRegex.Where(GoldenRepository.LoadAll(), c => c.Id, @"^(l)osses/cce_s(e)\2d", "--filter")
            .Select(c => c.Id));
        var slow = UserRegex.Compile(@"^(\w+\s?)+\1$");   // a back-reference: the backtracking engine, with its limit
        Assert.Equal(UserRegex.MatchLimit, slow.MatchTimeout);
        Assert.Throws<UserRegexException>(() => UserRegex.Where([new string('a', 5000) + "!"], s => s, @"^(\w+\s?)+\1$", "--filter"));
    }

    [Fact]
    public void Help_with_an_option_missing_its_value_is_still_help()
    {
        var r = CliProcess.Run(["--help", "--golden"], Tmp);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Usage:", r.Stdout);
        Assert.DoesNotContain("internal error", r.Stderr);
    }
}
