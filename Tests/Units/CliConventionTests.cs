using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The CLI's conventions (docs/cli.md): every user error is one <c>error:</c> line and exit 2, never a stack
/// trace; a run that checked nothing exits 1; JUnit XML validates; --golden selects the golden set; --command runs in
/// the caller's folder.</summary>
public sealed class CliConventionTests : IDisposable
{
    readonly string tmp = Directory.CreateTempSubdirectory("kerasvis-cli-").FullName;
    public void Dispose() => Directory.Delete(tmp, true);

    static string Photo => Path.Combine(GoldenRepository.Root(), "fixtures", "images", "photos", "chelsea.png");

    public static TheoryData<string[], string?, string> UserErrors() => new()
    {
        { ["list", "--filter", "("], null, "--filter '(' is not a valid regular expression" },
        { ["mutants", "--only", "("], null, "--only '(' is not a valid regular expression" },
        { ["summary", "lab1", "--line-length", "0"], null, "--line-length must be in [40, 1000], got 0" },
        { ["explain", "--method", "gradcam", "--rank", "0", "--image", "x.png", "--out", "y.png"], null, "--rank must be in [1, 1000], got 0" },
        { ["explain", "--model", "lab1", "--method", "gradcam", "--rank", "11", "--image", "{photo}", "--out", "{tmp}/y.png"], null,
            "--rank 11: model lab1 has only 10 classes" },
        { ["explain", "--method", "gradcam", "--weights", "hash:abc", "--image", "{photo}", "--out", "{tmp}/y.png"], null,
            "the seed after 'hash:' must be a non-negative integer" },
        { ["explain", "--method", "smoothgrad", "--samples", "0", "--image", "x.png", "--out", "y.png"], null, "--samples must be in [1, 1000], got 0" },
        { ["check", "--backend", "external", "--command", "true", "--timeout", "1e20"], null, "--timeout must be in [0.001, 86400], got 1E+20" },
        { ["check", "--backend", "external", "--command", "true", "--timeout", "0"], null, "--timeout must be in [0.001, 86400], got 0" },
        { ["list"], "/nonexistent", "KERASVIS_ROOT=/nonexistent has no golden/ folder" },
        { ["check", "--backend", "foo"], null, "--backend 'foo' is not one of reference, external, mutant:<id>" },
        { ["check", "--device", "tpu"], null, "Argument 'tpu' not recognized. Must be one of: 'cpu' 'cuda'" },
        { ["check", "--backend", "external", "--batch", "--command", "python3 port.py \"$1\""], null,
            "--batch passes every case folder, but the command uses $1" },
        { ["list", "--golden", "{tmp}"], null, "there is no golden/ folder there" },
        { ["chek"], null, "Unrecognized command or argument 'chek'; did you mean 'check'?" },
        { ["check", "--filtr", "x"], null, "Unrecognized command or argument '--filtr'; did you mean '--filter'?" },
        { ["methods", "tfkv_gradcamm"], null, "no method 'tfkv_gradcamm'; did you mean 'tfkv_gradcam'?" },
        { ["check", "--exclude", "("], null, "--exclude '(' is not a valid regular expression" },
        { ["check", "--last-failed", "{tmp}"], null, "report.json is missing" },
        { ["check", "--color", "sometimes"], null, "Argument 'sometimes' not recognized. Must be one of: 'auto' 'always' 'never'" },
    };

    [Fact]
    public void Colour_is_on_only_where_asked_or_on_a_terminal_and_off_with_no_color()
    {
        var args = new[] { "check", "--filter", "^losses/cce_seed_example$" };
        var always = CliProcess.Run([.. args, "--color", "always"]);
        Assert.Contains("\u001b[32mpass\u001b[0m", always.Stdout);
        var redirected = CliProcess.Run(args);   // auto, and stdout is a pipe here
        Assert.DoesNotContain("\u001b", redirected.Stdout);
        var never = CliProcess.Run([.. args, "--color", "never"], env: new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        Assert.DoesNotContain("\u001b", never.Stdout);
        Assert.Equal(0, always.ExitCode + redirected.ExitCode + never.ExitCode);
    }

    [Fact]
    public void Exclude_last_failed_and_fail_fast_choose_and_stop_the_cases()
    {
        var report = Path.Combine(tmp, "r");
        var port = "case \"$1\" in *random*|*soft*) exit 3;; esac; cp " + GoldenRepository.GoldenDir +
            "/losses/$(basename \"$1\" | sed 's/^[0-9]*-losses-//')/*.npy \"$1/out/\"";
        var first = CliProcess.Run(["check", "--backend", "external", "--filter", "^losses/cce_", "--exclude", "saturated", "--report", report,
            "--command", port], tmp);
        Assert.Equal(1, first.ExitCode);
        Assert.DoesNotContain("saturated", first.Stdout);
        var failed = first.Stdout.Split('\n').Where(l => l.StartsWith('[') && l.Contains("FAIL", StringComparison.Ordinal)).Count();
        Assert.True(failed >= 2, first.Stdout);
        var again = CliProcess.Run(["check", "--backend", "external", "--last-failed", report, "--fail-fast", "--command", "exit 1"], tmp);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"stopped after the first failure (--fail-fast): {failed - 1} of {failed} cases not run", again.Stdout);
        var none = CliProcess.Run(["check", "--backend", "external", "--last-failed", report, "--filter", "^unpool/", "--command", "exit 1"], tmp);
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("lists no failed case among those selected: nothing to rerun", none.Stdout);
    }

    [Theory]
    [MemberData(nameof(UserErrors))]
    public void A_user_error_is_one_error_line_and_exit_2(string[] args, string? root, string expected)
    {
        var a = args.Select(x => x.Replace("{photo}", Photo, StringComparison.Ordinal).Replace("{tmp}", tmp, StringComparison.Ordinal)).ToArray();
        var r = CliProcess.Run(a, env: root is null ? null : new Dictionary<string, string> { ["KERASVIS_ROOT"] = root });
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var errors = r.Stderr.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains(expected, errors[0]);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
    }

    [Fact]
    public void A_run_that_checks_nothing_exits_1_unless_allowed()
    {
        var r = CliProcess.Run(["check", "--backend", "external", "--command", "true", "--filter", "^no-such-family/"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: nothing was checked (0 cases selected", r.Stderr);
        var declined = "echo no > \"$1/out/_unsupported.txt\"";
        r = CliProcess.Run(["check", "--backend", "external", "--command", declined, "--filter", "^losses/cce_seed"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("1 skipped", r.Stdout);
        r = CliProcess.Run(["check", "--backend", "external", "--command", declined, "--filter", "^losses/cce_seed", "--allow-empty"]);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Junit_output_validates_against_the_schema_CI_systems_read()
    {
        var junit = Path.Combine(tmp, "results.xml");
        var golden = Path.Combine(GoldenRepository.GoldenDir, "losses");
        // one pass (copies the golden answers), one failure (a wrong shape), five declined
        var port = $"case \"$1\" in *cce_seed_example) cp {golden}/cce_seed_example/per_sample.npy {golden}/cce_seed_example/reduced.npy \"$1/out/\";; " +
                   $"*cce_random_8x10) cp {golden}/cce_seed_example/per_sample.npy {golden}/cce_seed_example/reduced.npy \"$1/out/\";; *) echo no " +
                       $"> \"$1/out/_unsupported.txt\";; esac";
        var r = CliProcess.Run(["check", "--backend", "external", "--command", port, "--filter", "^losses/cce_", "--junit", junit]);
        Assert.Equal(1, r.ExitCode);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(GoldenRepository.Root(), "Tests", "Schemas", "junit.xsd"));
        var doc = XDocument.Load(junit);
        var problems = new List<string>();
        doc.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.Empty(problems);
        var cases = doc.Descendants("testcase").ToList();
        int cce = Directory.GetDirectories(golden, "cce_*").Length;  // every losses/cce_* case, each once
        Assert.True(cce >= 8, $"{cce} losses/cce_* cases");
        Assert.Equal(cce, cases.Count);
        Assert.Equal(cce.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.Root!.Attribute("tests")!.Value);
        var failure = Assert.Single(doc.Descendants("failure"));
        Assert.Contains("output 'per_sample'", failure.Attribute("message")!.Value);
        Assert.Equal("cce_random_8x10@cpu", failure.Parent!.Attribute("name")!.Value);
        Assert.Equal(cce - 2, doc.Descendants("skipped").Count());
    }

    [Fact]
    public void Golden_selects_a_golden_set_and_the_command_runs_in_the_callers_folder()
    {
        var set = Path.Combine(tmp, "spec");
        var src = Path.Combine(GoldenRepository.GoldenDir, "losses", "cce_seed_example");
        var dst = Path.Combine(set, "golden", "losses", "cce_seed_example");
        Directory.CreateDirectory(dst);
        foreach (var f in Directory.GetFiles(src)) File.Copy(f, Path.Combine(dst, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(tmp, "port.sh"), $"cp {src}/per_sample.npy {src}/reduced.npy \"$1/out/\"\n");
        var r = CliProcess.Run(["check", "--golden", set, "--backend", "external", "--command", "sh port.sh"], workingDirectory: tmp);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("golden set: 1 cases", r.Stdout);
        Assert.Contains($"({Path.Combine(set, "golden")})", r.Stdout);
    }
}
