using System.Diagnostics;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Ports;

/// <summary>The published checker (`make dist`: out/dist/conformance, self-contained, no TorchSharp) judges the example
/// port's loss cases on a machine view with no .NET at all: no dotnet on PATH, no DOTNET_ROOT.</summary>
public class DistCheckerTests
{
    static string Root => GoldenRepository.Root();
    static string Binary => Path.Combine(Root, "out", "dist", "conformance");

    [PythonTorchFact]
    public void The_published_checker_checks_the_example_port_with_no_dotnet_anywhere()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run `make dist` (make test does)");
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root,
            UseShellExecute = false };
        foreach (var a in new[] { "check", "--golden", Root, "--backend", "external", "--batch", "--filter", "^losses/",
            "--command", $"{PythonTorchFactAttribute.Python} tools/ports/python-torch/port.py",
            "--expectations", "tools/ports/python-torch/expectations.jsonc" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/nonexistent";
        psi.Environment["HOME"] = Path.GetTempPath();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), "the checker ran past 5 minutes");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        Assert.Contains("20 passed, 0 failed, 0 skipped, 7 expected failures, 0 unexpected passes", stdout.Result);
    }

    /// <summary>The bundle as a porter gets it (`make dist`): unpacked into an empty folder, then the two honest ports
    /// checked from there with no .NET anywhere (no dotnet on PATH, no DOTNET_ROOT), reading the bundle's golden set,
    /// fixtures and protocol helper (KERASVIS_HELPERS); each port's own arithmetic stays in the repository.</summary>
    [PythonTorchFact]
    public void The_unpacked_bundle_checks_both_honest_ports_with_no_dotnet_anywhere()
    {
        var archive = Path.Combine(Root, "out", "dist", "kerasvis-conformance-linux-x64.tar.gz");
        Assert.True(File.Exists(archive), $"{archive} is missing: run `make dist` (make test does)");
        var empty = Directory.CreateTempSubdirectory("kerasvis-bundle-").FullName;
        try
        {
            using (var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", archive, "-C", empty]))!) Assert.True(tar.WaitForExit(120_000));
            var bundle = Path.Combine(empty, "kerasvis-conformance-linux-x64");
            foreach (var part in new[] { "conformance", "golden/schema/manifest.schema.json", "models/vgg16.json", "docs/methods/index.md",
                "docs/fixtures.md", "helpers/protocol.py", "helpers/protocol.mjs", "README.md" })
                Assert.True(Path.Exists(Path.Combine(bundle, part)), $"the bundle lacks {part}");
            foreach (var (port, filter, expected) in new[]
            {
                ("python-torch", "^losses/", "20 passed, 0 failed, 0 skipped, 7 expected failures, 0 unexpected passes"),
                ("numpy-float64", "^(losses|unpool|zoom|activations)/", ", 0 failed, "),   // activations/vgg16_late_layers: VGG16 from models/ + the hash spec
            })
            {
                var psi = new ProcessStartInfo(Path.Combine(bundle, "conformance")) { RedirectStandardOutput = true, RedirectStandardError = true,
                    WorkingDirectory = bundle, UseShellExecute = false };
                foreach (var a in new[] { "check", "--golden", bundle, "--backend", "external", "--batch", "--filter", filter, "--command",
                    $"{PythonTorchFactAttribute.Python} {Root}/tools/ports/{port}/port.py", "--expectations", $"{Root}/tools/ports/{port}/expectations.jsonc" })
                    psi.ArgumentList.Add(a);
                psi.Environment.Clear();
                psi.Environment["PATH"] = "/nonexistent";
                psi.Environment["HOME"] = empty;
                psi.Environment["KERASVIS_HELPERS"] = Path.Combine(bundle, "helpers");
                using var p = Process.Start(psi)!;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                Assert.True(p.WaitForExit(600_000), $"{port}: the checker ran past 10 minutes");
                Assert.True(p.ExitCode == 0, $"{port}: exit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
                Assert.Contains(expected, stdout.Result);
                Assert.Contains($"golden set: ", stdout.Result);
                Assert.Contains(bundle, stdout.Result);   // the bundle's golden set, not the repository's
                if (port == "numpy-float64") Assert.Matches(@"activations/vgg16_late_layers\s+pass", stdout.Result);
            }
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    [Fact]
    public void The_published_checker_says_what_the_full_cli_says_not_resource_keys()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run `make dist` (make test does)");
        var psi = new ProcessStartInfo(Binary, ["list", "--golden", Root, "--filter", "("]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--filter '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.", stderr);
    }

    [Fact]
    public void The_published_checker_is_small_and_carries_no_libtorch()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run `make dist` (make test does)");
        var files = Directory.GetFiles(Path.GetDirectoryName(Binary)!)
            .Where(f => !f.EndsWith(".tar.gz", StringComparison.Ordinal) && !f.EndsWith(".zip", StringComparison.Ordinal)).ToArray();   // not the bundles
        long total = files.Sum(f => new FileInfo(f).Length);
        Assert.True(total <= 60L << 20, $"out/dist holds {total} bytes, over 60 MB");
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
    }
}
