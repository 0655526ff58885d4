using System.Diagnostics;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using Xunit;
using static KerasVis.Tests.ProcessProbe;

namespace KerasVis.Tests.Units;

/// <summary>
/// The hostile-port half of the catalogue (docs/robustness.md): ports that linger, flood, hang, or write what is not a
/// file end in a named per-case failure in bounded time, and stopping `check` leaves no process and no folder behind.
/// Ports are tiny shell programs on losses/cce_seed_example (outputs per_sample (1,) and reduced (), float32).
/// </summary>
public sealed class HostilePortTests() : SeedCaseTest("kerasvis-hostile-")
{


    [Fact]
    public void A_port_leaving_a_background_child_on_stdout_is_stopped_at_its_time_limit()
    {
        var clock = Stopwatch.StartNew();
        var r = Check("( sleep 1000 & ); sleep 999; : \"$1\"", seconds: 3);
        Assert.True(clock.Elapsed.TotalSeconds < 5, $"returned after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("timed out after 3 s (its process group was killed)", r.Message);
        Assert.Empty(Pgrep("sleep 999"));
    }

    [Fact]
    public void A_port_printing_a_huge_stderr_line_costs_a_bounded_message()
    {
        var r = Check("head -c 100000000 /dev/zero | tr '\\0' x >&2; echo 'the real reason' >&2; exit 4; : \"$1\"");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("exited with code 4", r.Message);
        Assert.Contains("the real reason", r.Message);
        Assert.True(r.Message.Length < 5000, $"message of {r.Message.Length} characters");
    }

    [Theory]
    [InlineData("mkfifo \"$1/out/per_sample.npy\"", "is empty or not a regular file")]
    [InlineData("truncate -s 3G \"$1/out/per_sample.npy\"", "more than the")]
    [InlineData("ln -s {golden}/per_sample.npy \"$1/out/per_sample.npy\"", "is a symbolic link")]
    [InlineData("ln -s /dev/zero \"$1/out/per_sample.npy\"", "is a symbolic link")]
    [InlineData("mkdir \"$1/out/per_sample.npy\"", "is a folder")]
    public void Outputs_that_are_not_regular_files_of_a_sane_size_fail_the_case_without_being_opened(string write, string problem)
    {
        var clock = Stopwatch.StartNew();
        var r = Check($"{write.Replace("{golden}", GoldenDir(), StringComparison.Ordinal)}; cp {GoldenDir()}/reduced.npy \"$1/out/\"");
        Assert.True(clock.Elapsed.TotalSeconds < 20, "no hang");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("output 'per_sample': out/per_sample.npy", r.Message);
        Assert.Contains(problem, r.Message);
    }

    [Fact]
    public void Batch_mode_has_its_own_deadline_and_reports_each_case_as_it_is_written()
    {
        var clock = Stopwatch.StartNew();
        var r = Check("sleep 100; : \"$@\"", batch: true, batchTimeout: TimeSpan.FromSeconds(2));
        Assert.True(clock.Elapsed.TotalSeconds < 6, $"returned after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("timed out after 2 s", r.Message);
        var lines = new List<string>();
        r = Check($"for d in \"$@\"; do cp {GoldenDir()}/per_sample.npy {GoldenDir()}/reduced.npy \"$d/out/\"; done; sleep 1", batch: true,
            progress: lines.Add);
        Assert.Equal(CaseStatus.Passed, r.Status);
        Assert.Equal([$"  port: 1/1 {CaseId} written"], lines);
    }

    [Fact]
    public void A_batch_port_crashing_part_way_fails_only_the_cases_it_did_not_write_and_says_why_once()
    {
        var cases = GoldenRepository.LoadAll().Where(c => c.Id.StartsWith("losses/cce_", StringComparison.Ordinal)).Take(3).ToList();
        var first = Path.Combine(GoldenRepository.GoldenDir, cases[0].Id);
        var port = $"cp {first}/per_sample.npy {first}/reduced.npy \"$1/out/\"; echo \"Error: Cannot find module 'lodash'\" >&2; " +
            "for i in $(seq 1 200); do echo \"    at frame $i\" >&2; done; exit 3";
        using var b = new ExternalBackend(new ExternalOptions(port, TimeSpan.FromSeconds(30), Batch: true));
        var r = CheckRun.Execute(cases, b, "cpu").Results.ToDictionary(x => x.CaseId);
        Assert.Equal(CaseStatus.Passed, r[cases[0].Id].Status);   // written before the crash: compared as usual
        var second = r[cases[1].Id];
        Assert.Equal(CaseStatus.Failed, second.Status);
        Assert.Contains("exited with code 3", second.Message);
        Assert.Contains("Cannot find module 'lodash'", second.Message);   // the first error line, not only the tail
        Assert.Contains("at frame 200", second.Message);
        Assert.Contains("(1 of 3 cases were written before it stopped); --keep-work DIR keeps the case folders", second.Message);
        Assert.Equal($"not written: the port stopped before this case (see {cases[1].Id})", r[cases[2].Id].Message);
    }

    [Fact]
    public void Stopping_check_with_SIGTERM_kills_the_port_and_removes_the_work_folder()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Tmp };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "check", "--backend", "external", "--filter", "^losses/cce_seed",
            "--command", "( sleep 1003 & ); sleep 997; : \"$1\"" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        WaitFor(() => Pgrep("sleep 997").Count > 0, 30);
        Assert.NotEmpty(Pgrep("sleep 997"));
        Assert.Equal(0, Kill(p.Id, 15));
        Assert.True(p.WaitForExit(10_000), "check did not stop on SIGTERM");
        // the group kill is sent before check exits; under a loaded CI machine the kernel may take a moment to reap
        WaitFor(() => Pgrep("sleep 997").Count == 0 && Pgrep("sleep 1003").Count == 0, 5);
        Assert.Empty(Pgrep("sleep 997"));
        Assert.Empty(Pgrep("sleep 1003"));
        Assert.Empty(WorkFolders(p.Id));   // the killed check's own work folders (other tests' checks run beside it)
    }

    [Fact]
    public void Stopping_check_mid_report_leaves_the_previous_report_intact()
    {
        var report = Path.Combine(Tmp, "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, "report.json"), "previous");
        File.WriteAllText(Path.Combine(report, KerasVis.Conformance.IO.StagedFolder.Marker), "report.json\n");   // as a previous check left it
        // env --default-signal=INT: a test runner started as a background job passes SIGINT on ignored (POSIX), and a
        // process that inherits an ignored SIGINT rightly keeps ignoring it; the test is about check's own handling
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Tmp };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "check", "--backend", "external",
            "--filter", "^losses/cce_", "--report", report, "--command", "sleep 996; : \"$1\"" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            WaitFor(() => Pgrep("sleep 996").Count > 0, 30);
            Assert.NotEmpty(Pgrep("sleep 996"));
            Assert.Equal(0, Kill(p.Id, 2));
            Assert.True(p.WaitForExit(10_000), "check did not stop on SIGINT");
        }
        finally { if (!p.HasExited) p.Kill(entireProcessTree: true); }
        Assert.Equal("previous", File.ReadAllText(Path.Combine(report, "report.json")));
        Assert.Equal([report], Directory.GetFileSystemEntries(Tmp));
        Assert.Empty(Pgrep("sleep 996"));
    }
}
