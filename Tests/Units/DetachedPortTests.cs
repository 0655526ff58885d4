using System.Diagnostics;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using Xunit;
using static KerasVis.Tests.ProcessProbe;

namespace KerasVis.Tests.Units;

/// <summary>
/// Ports whose processes try to outlive the check (docs/robustness.md, "The external port"): a daemon that double-forks
/// and calls setsid, one that holds a file lease on its outputs, a check killed with SIGKILL or stopped with SIGHUP or
/// SIGQUIT. Every such process is gone within seconds, whatever <see cref="PortContainment"/> kind ends it, and the
/// folders a killed check left are removed by the next one. Each daemon's command line carries a number of its own so
/// tests running side by side never see each other's.
/// </summary>
public sealed class DetachedPortTests() : SeedCaseTest("kerasvis-detached-")
{
    /// <summary>A port line that starts a double-forked, setsid'd daemon sleeping <paramref name="token"/> seconds.</summary>
    static string Daemon(int token) => $"( setsid sh -c 'sleep {token} &' & )";

    static string CopyOutputs => $"cp {GoldenDir()}/per_sample.npy {GoldenDir()}/reduced.npy \"$1/out/\"";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_double_forked_setsid_daemon_ends_with_the_port_whether_it_passes_or_times_out(bool exits)
    {
        int token = exits ? 8811 : 8812;
        var clock = Stopwatch.StartNew();
        var r = Check(exits ? $"{CopyOutputs}; {Daemon(token)}" : $"{Daemon(token)}; sleep 8813; : \"$1\"", seconds: 3);
        Assert.Equal(exits ? CaseStatus.Passed : CaseStatus.Failed, r.Status);
        Assert.True(clock.Elapsed.TotalSeconds < 8, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        WaitFor(() => Pgrep($"^sleep {token}").Count == 0, 2);
        Assert.Empty(Pgrep($"^sleep {token}"));
        Assert.NotEqual(PortContainment.Kind.Group, PortContainment.Current);
    }

    [Theory]
    [InlineData(null, 8821)]
    [InlineData("subreaper", 8822)]
    public void Each_containment_kind_ends_a_daemon_the_port_left_behind(string? kind, int token)
    {
        var env = kind is null ? null : new Dictionary<string, string> { [PortContainment.Variable] = kind };
        var r = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--command", $"{CopyOutputs}; {Daemon(token)}"], Tmp, env, 60);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        WaitFor(() => Pgrep($"^sleep {token}").Count == 0, 2);
        Assert.Empty(Pgrep($"^sleep {token}"));
    }

    /// <summary>A Python port that writes its outputs, then leaves a daemon (SIGIO ignored, so a lease break cannot end
    /// it) holding a write lease on each: opening them to read would block for the kernel's lease-break time (45 s).</summary>
    string LeasePort(int token)
    {
        var script = Path.Combine(Tmp, "lease.py");
        File.WriteAllText(script, $$"""
            import fcntl, os, shutil, signal, sys, time
            out = sys.argv[1] + "/out/"
            for f in ("per_sample.npy", "reduced.npy"): shutil.copy("{{GoldenDir()}}/" + f, out + f)
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    signal.signal(signal.SIGIO, signal.SIG_IGN)
                    fds = [os.open(out + f, os.O_RDWR) for f in ("per_sample.npy", "reduced.npy")]
                    for fd in fds: fcntl.fcntl(fd, 1024, fcntl.F_WRLCK)   # F_SETLEASE
                    time.sleep({{token}})
                os._exit(0)
            """);
        return $"/usr/bin/python3 {script}";
    }

    [Theory]
    [InlineData(null, 8831)]
    [InlineData("group", 8832)]
    public void A_daemon_holding_a_lease_on_its_outputs_costs_no_lease_break_wait(string? kind, int token)
    {
        var env = kind is null ? null : new Dictionary<string, string> { [PortContainment.Variable] = kind };
        var clock = Stopwatch.StartNew();
        try
        {
            var r = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--timeout", "5", "--details", "--command",
                LeasePort(token)], Tmp, env, 60);
            Assert.True(clock.Elapsed.TotalSeconds < 15, $"took {clock.Elapsed.TotalSeconds:0.0} s");
            if (kind is null)
            {
                Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);   // the namespace ended the daemon before the outputs were opened
                Assert.Empty(Pgrep("^/usr/bin/python3 .*lease.py"));
            }
            else
            {
                Assert.Equal(1, r.ExitCode);   // the group cannot reach a setsid'd daemon: the open fails at once, named
                Assert.Contains("is held under a lease by another process", r.Stdout);
            }
        }
        finally { _ = Process.Start("pkill", ["-f", Path.Combine(Tmp, "lease.py")])!.WaitForExit(5000); }
    }

    [Fact]
    public void SIGKILL_of_check_ends_the_port_and_the_next_run_removes_what_it_left()
    {
        var report = Path.Combine(Tmp, "r");
        using var p = StartCli(Tmp, null, "check", "--backend", "external", "--filter", "^losses/cce_", "--report", report, "--command",
            $"{Daemon(8841)}; sleep 8842; : \"$1\"");
        WaitFor(() => Pgrep("^sleep 8842").Count > 0 && Pgrep("^sleep 8841").Count > 0, 30);
        Assert.NotEmpty(Pgrep("^sleep 8842"));
        Assert.Equal(0, Kill(p.Id, 9));
        Assert.True(p.WaitForExit(10_000));
        WaitFor(() => Pgrep("^sleep 884[12]").Count == 0, 5);
        if (PortContainment.Current == PortContainment.Kind.Namespace)
            Assert.Empty(Pgrep("^sleep 884[12]"));   // setpriv's parent-death signal ended unshare, and with it the namespace
        else
        {
            // the documented limit where the machine refuses PID namespaces (docs/robustness.md): nothing in a process
            // killed with SIGKILL can end its port; said here so the test holds on such a machine too
            Assert.NotEmpty(Pgrep("^sleep 8842"));
            _ = Process.Start("pkill", ["-f", "^sleep 884[12]"])!.WaitForExit(5000);
        }
        Assert.NotEmpty(WorkFolders(p.Id));      // SIGKILL cannot be handled: the folders stay until the next run
        Assert.Single(Directory.GetDirectories(Tmp, $".r.staging-{p.Id}-*"));
        var next = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--report", report, "--command", CopyOutputs], Tmp);
        Assert.True(next.ExitCode == 0, next.Stdout + next.Stderr);
        Assert.Empty(WorkFolders(p.Id));
        Assert.Equal([report], Directory.GetFileSystemEntries(Tmp));
    }

    [Theory]
    [InlineData(1, 8851)]
    [InlineData(3, 8852)]
    public void SIGHUP_and_SIGQUIT_stop_check_like_SIGTERM(int signal, int token)
    {
        using var p = StartCli(Tmp, null, "check", "--backend", "external", "--filter", "^losses/cce_", "--command",
            $"{Daemon(token)}; sleep {token + 100}; : \"$1\"");
        WaitFor(() => Pgrep($"^sleep {token + 100}").Count > 0, 30);
        Assert.NotEmpty(Pgrep($"^sleep {token + 100}"));
        Assert.Equal(0, Kill(p.Id, signal));
        Assert.True(p.WaitForExit(10_000), $"check did not stop on signal {signal}");
        Assert.Equal(128 + signal, p.ExitCode);
        WaitFor(() => Pgrep($"^sleep ({token}|{token + 100})").Count == 0, 5);
        Assert.Empty(Pgrep($"^sleep ({token}|{token + 100})"));
        Assert.Empty(WorkFolders(p.Id));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{p.Id}-*"));   // the runtime's socket, left on a signal
    }

    [Fact]
    public void A_batch_too_long_for_one_argument_list_runs_in_parts_and_reports_every_case_written_before_the_exit()
    {
        var parts = ExternalBackend.Chunks(Enumerable.Range(0, 5000).Select(i => new string('x', 200 + i % 7)), s => s.Length + 1).ToList();
        Assert.Equal(5000, parts.Sum(p => p.Count));
        Assert.All(parts, p => Assert.True(p.Sum(s => s.Length + 1) <= ExternalBackend.MaxArgumentBytes));
        Assert.Equal(4, parts.Count);
        var lines = new List<string>();
        var r = Check($"for d in \"$@\"; do cp {GoldenDir()}/per_sample.npy {GoldenDir()}/reduced.npy \"$d/out/\"; done", batch: true, progress: lines.Add);
        Assert.Equal(CaseStatus.Passed, r.Status);
        Assert.Equal([$"  port: 1/1 {CaseId} written"], lines);   // written and exited within one 200 ms tick
    }
}
