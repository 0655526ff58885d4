using System.Xml.Linq;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>Numbers that do not mislead (docs/robustness.md, "Writers"): a NaN, infinity or shape failure is named with
/// its count instead of "0 %"; a share of the tolerance past 1000 % is capped; ULPs appear only for outputs judged in
/// ULPs; JUnit tells a port that crashed (error) from a mismatch (failure).</summary>
public sealed class HonestNumbersTests() : SeedCaseTest("kerasvis-honest-")
{
    static readonly Tolerance Relative = new(ToleranceKind.AbsRel, "r", Abs: 1e-6, Rel: 1e-3);

    [Fact]
    public void A_comparison_that_measured_no_values_or_met_nan_says_so_instead_of_zero()
    {
        Assert.Equal("NaN ×3", VerdictText.Used(new Comparison(false, "m", Usage: 0) { NanMismatches = 3 }));
        Assert.Equal("NaN", VerdictText.MaxAbs(new Comparison(false, "m", MaxAbs: 0) { NanMismatches = 3 }));
        Assert.Equal("Inf ×1", VerdictText.Used(new Comparison(false, "m") { InfMismatches = 1 }));
        Assert.Equal("shape", VerdictText.Used(new Comparison(false, "m") { Structural = "shape" }));
        Assert.Equal("-", VerdictText.MaxAbs(new Comparison(false, "m") { Structural = "shape" }));
        Assert.Equal(">1000%", VerdictText.Used(new Comparison(false, "m", Usage: 2.2517998136852481e17)));
        Assert.Equal("87.5%", VerdictText.Used(new Comparison(true, "m", Usage: 0.875)));
    }

    [Fact]
    public void Ulps_are_shown_only_for_outputs_judged_in_ulps_and_a_relative_pass_is_marked()
    {
        var absRel = new OutputResult("y", new Comparison(true, "m", MaxAbs: 1.87e9, MaxUlp: 4731), Relative);
        Assert.False(VerdictText.UlpMeaningful(absRel));
        Assert.True(VerdictText.UlpMeaningful(new OutputResult("y", new Comparison(true, "m"), new Tolerance(ToleranceKind.Ulp, "u", MaxUlp: 4))));
        Assert.Equal("within the relative part of its tolerance", VerdictText.RelativeNote([absRel]));
        Assert.Null(VerdictText.RelativeNote([absRel with { Comparison = new Comparison(true, "m", MaxAbs: 1e-7) }]));
    }

    [Fact]
    public void The_table_and_junit_name_a_nan_output_and_tell_a_crash_from_a_mismatch()
    {
        var nan = Path.Combine(Tmp, "nan.py");
        File.WriteAllText(nan, $"import numpy as np, shutil, sys\nout = sys.argv[1] + '/out/'\n" +
            $"np.save(out + 'per_sample.npy', np.array([np.nan], dtype=np.float32))\nshutil.copy('{GoldenDir()}/reduced.npy', out)\n");
        var junit = Path.Combine(Tmp, "j.xml");
        var r = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--details", "--junit", junit, "--command",
            $"/usr/bin/python3 {nan}"], Tmp, timeoutSeconds: 120);
        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        var row = r.Stdout.Split('\n').Single(l => l.StartsWith($"[1/1] {CaseId}", StringComparison.Ordinal));
        Assert.Contains("(1 NaN and 0 infinity mismatches; the differences below are over the finite elements)", r.Stdout);
        Assert.DoesNotContain("greatest ULP distance", r.Stdout);   // an abs_rel output: its ULP distance judges nothing
        Assert.Contains("NaN ×1", row);
        Assert.DoesNotContain("0.0%", row);
        Assert.Contains("per_sample: NaN ×1", row);
        var doc = XDocument.Load(junit);
        Assert.Single(doc.Descendants("failure"));
        Assert.Empty(doc.Descendants("error"));
        Assert.Contains("NaN ×1", doc.Descendants("failure").Single().Attribute("message")!.Value);
        var crash = CliProcess.Run(["check", "--backend", "external", "--filter", $"^{CaseId}$", "--junit", junit, "--command", "exit 7"], Tmp);
        Assert.Equal(1, crash.ExitCode);
        doc = XDocument.Load(junit);
        Assert.Equal("1", doc.Root!.Attribute("errors")!.Value);
        Assert.Equal("0", doc.Root!.Attribute("failures")!.Value);
        Assert.Contains("exited with code 7", doc.Descendants("error").Single().Value);
    }
}
