using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The CLI's refusals before any case runs (destinations, option values, the expectations file) and the
/// writers' escaping: rows of docs/robustness.md.</summary>
public sealed class CliRefusalTests() : SeedCaseTest("kerasvis-cli-refusal-")
{
    [Fact]
    public void The_cli_refuses_bad_destinations_and_timeouts_before_running_any_case()
    {
        File.WriteAllText(Path.Combine(Tmp, "report-file"), "x");
        var ext = new[] { "check", "--backend", "external", "--command", "true", "--filter", "^losses/cce_seed" };
        var link = Path.Combine(Tmp, "to-golden");
        File.CreateSymbolicLink(link, Path.Combine(GoldenRepository.GoldenDir, "losses"));
        var photo = Path.Combine(GoldenRepository.Root(), "fixtures", "images", "photos", "chelsea.png");
        var explain = new[] { "explain", "--model", "vgg16", "--method", "gradcam", "--out", Path.Combine(Tmp, "e.png") };
        foreach (var (args, problem) in new (string[], string)[]
        {
            ([.. ext, "--report", Path.Combine(Tmp, "report-file")], "is a file; name a folder"),
            ([.. ext, "--keep-work", Path.Combine(GoldenRepository.GoldenDir, "losses", "kept")], "lies inside "),
            ([.. ext, "--keep-work", Path.Combine(link, "kept")], "lies inside " + Path.Combine(GoldenRepository.Root(), "golden")),
            ([.. ext, "--report", Path.Combine(link, "r")], "lies inside "),
            ([.. ext, "--junit", Path.Combine(GoldenRepository.Root(), "fixtures", "j.xml")], "lies inside "),
            ([.. explain, "--image", Fifo()], "--image " + Fifo() + " is empty or not a regular file"),
            ([.. explain, "--image", "/dev/zero"], "--image /dev/zero is empty or not a regular file"),
            ([.. explain, "--image", photo, "--weights", Fifo()], "--weights " + Fifo() + " is empty or not a regular file"),
            ([.. ext, "--timeout", "1e20"], "--timeout must be in [0.001, 86400], got 1E+20"),
            ([.. ext, "--timeout", "0"], "--timeout must be in [0.001, 86400], got 0"),
            ([.. ext, "--junit", Tmp], "is a folder; name the file to write"),
            ([.. ext, "--junit", "/dev/null"], "is a device, FIFO or socket, not a regular file"),
            ([.. ext, "--junit", Path.Combine(Tmp, "no-such-folder", "j.xml")], "is in a folder that does not exist"),
            ([.. ext, "--expectations", "/dev/zero"], "is empty or not a regular file"),
            ([.. ext, "--expectations", Fifo()], "is empty or not a regular file"),
            ([.. ext, "--expectations", Sparse(300 << 20)], "is 314572800 bytes, more than the 4194304 allowed"),
            ([.. ext, "--timeout", "3s"], "Cannot parse argument '3s' for option '--timeout' as a number"),
            ([.. ext, "--batch-timeout", "abc"], "for option '--batch-timeout' as a number"),
            (["summary", "lab1", "--line-length", "abc"], "for option '--line-length' as an integer"),
            (["explain", "--model", "vgg16", "--method", "smoothgrad", "--image", "a.png", "--out", "b.png", "--samples", "1e9"],
                "for option '--samples' as an integer"),
            (["explain", "--model", "vgg16", "--method", "gradcam", "--image", "a.png", "--out", Tmp], "--out " + Tmp + " is a folder"),
        })
        {
            var r = CliProcess.Run(args, workingDirectory: Tmp);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode}, {r.Stderr}");
            Assert.Contains(problem, r.Stderr);
            Assert.DoesNotContain("   at ", r.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(GoldenRepository.GoldenDir, "losses", "kept")));
        Assert.False(File.Exists(Path.Combine(Tmp, "b.png")));
    }

    [Fact]
    public void JUnit_text_with_characters_xml_cannot_hold_is_written_visibly_and_stays_valid()
    {
        // a port's stderr, an _error.txt or an expectation reason may hold NUL, other C0 controls or a lone surrogate
        Assert.Equal("a\\u0000b\\u001Bc\tok\\uD800 \uD83D\uDE00", KerasVis.Conformance.Report.JUnitWriter.XmlSafe("a\0b\u001bc\tok\uD800 \uD83D\uDE00"));
        var junit = Path.Combine(Tmp, "nul.xml");
        var port = "printf 'bad\\000byte\\033[31m' >&2; exit 1";
        var r = CliProcess.Run(["check", "--backend", "external", "--command", port, "--filter", "^losses/cce_seed", "--junit", junit]);
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
        var doc = System.Xml.Linq.XDocument.Load(junit);
        Assert.Contains("bad\\u0000byte\\u001B", doc.Descendants("error").Single().Value);   // a port that crashed: an error, not a failure
    }

    [Fact]
    public void A_file_size_limit_loses_the_report_with_a_named_error_but_not_the_junit_or_the_summary()
    {
        // ulimit -f: without SIGXFSZ ignored the write would kill check; .NET itself starts under a small limit only
        // without its double-mapped W^X memory (DOTNET_EnableWriteXorExecute=0), which is the runtime's own need
        var cli = Path.Combine(AppContext.BaseDirectory, "conformance.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"ulimit -f 64; exec dotnet {cli} check --filter '^(losses/cce|cam/)' " +
            $"--report {Tmp}/r --junit {Tmp}/j.xml"]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Tmp };
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        var errLines = new List<string>();
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (psi) errLines.Add(line); };
        p.BeginErrorReadLine();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(300_000));
        p.WaitForExit();
        var stderr = string.Join("\n", errLines);
        Assert.True(p.ExitCode == 2, $"exit {p.ExitCode}: {stderr}");
        Assert.Contains($"error: --report {Tmp}/r could not be written", stderr);
        Assert.Contains("15 passed, 0 failed", stdout);
        Assert.True(File.Exists(Path.Combine(Tmp, "j.xml")));
        Assert.Equal(["j.xml"], Directory.GetFileSystemEntries(Tmp).Select(Path.GetFileName).Where(n => n != "fifo"));
    }

    [Fact]
    public async Task Two_checks_writing_one_report_folder_at_once_both_land_and_leave_one_report()
    {
        var report = Path.Combine(Tmp, "shared");
        var args = new[] { "check", "--filter", "^losses/cce_seed", "--report", report };
        for (int round = 0; round < 4; round++)
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => CliProcess.Run(args, Tmp))));
            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
            Assert.True(File.Exists(Path.Combine(report, "report.json")), $"round {round}: the report is lost");
            Assert.Equal([report], Directory.GetFileSystemEntries(Tmp));
        }
    }

    /// <summary>A sparse file of <paramref name="bytes"/> in the test folder (no disk used).</summary>
    string Sparse(long bytes)
    {
        var path = Path.Combine(Tmp, "sparse.jsonc");
        using (var f = File.Create(path)) f.SetLength(bytes);
        return path;
    }

    /// <summary>A FIFO in the test folder: reading it would block forever, so it must be refused unopened.</summary>
    string Fifo()
    {
        var path = Path.Combine(Tmp, "fifo");
        if (!File.Exists(path)) System.Diagnostics.Process.Start("mkfifo", [path])!.WaitForExit();
        return path;
    }

}
