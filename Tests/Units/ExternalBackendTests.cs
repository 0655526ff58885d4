using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Report;
using KerasVis.Reference.IO;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The external-backend protocol with tiny shell "ports" on one golden case (losses/cce_seed_example: outputs
/// per_sample (1,) and reduced (), float32): each failure mode is a clear per-case result and the run goes on.</summary>
public class ExternalBackendTests() : SeedCaseTest("kerasvis-ext-test-")
{


    [Fact]
    public void A_port_that_writes_the_golden_arrays_passes()
    {
        var r = Check($"cp {GoldenDir()}/per_sample.npy {GoldenDir()}/reduced.npy \"$1/out/\" && true");
        Assert.True(r.Status == CaseStatus.Passed, r.Message);
        Assert.All(r.Outputs, o => Assert.Equal(0, o.Comparison.MaxAbs));
    }

    [Fact]
    public void The_case_folder_holds_the_manifest_and_inputs_but_not_the_golden_outputs()
    {
        var listing = Path.Combine(Tmp, "listing.txt");
        Check($"ls \"$1\" \"$1/out\" > {listing}; exit 0");
        var names = File.ReadAllLines(listing).Where(l => l.Length > 0 && !l.EndsWith(':')).ToList();
        Assert.Equal(["manifest.json", "out", "y_pred.npy", "y_true.npy"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_crash_fails_the_case_with_the_exit_code_and_the_end_of_stderr()
    {
        var r = Check("echo 'Traceback: boom in port' >&2; exit 3");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("exited with code 3", r.Message);
        Assert.Contains("boom in port", r.Message);
        Assert.Contains("wrote nothing", r.Message);
    }

    [Fact]
    public void A_port_past_its_time_limit_is_killed_and_fails()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Check("sleep 20; ls \"$1\"", seconds: 0.5);
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("timed out after 0.5 s", r.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 15, "the process tree must be killed, not waited for");
    }

    [Fact]
    public void Exiting_0_with_nothing_written_fails()
    {
        var r = Check("true");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("exited 0 but wrote nothing", r.Message);
    }

    [Fact]
    public void A_missing_output_a_wrong_shape_and_a_wrong_dtype_are_named()
    {
        Npy.Write(Path.Combine(Tmp, "per_sample.npy"), NpyArray.FromInt64([2], 1));       // right shape, wrong dtype
        Npy.Write(Path.Combine(Tmp, "reduced.npy"), NpyArray.FromFloats([1f, 2f], 2));    // wrong shape
        var r = Check($"cp {Tmp}/per_sample.npy {Tmp}/reduced.npy \"$1/out/\"");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("output 'per_sample': dtype <i8 differs from the golden's <f4", r.Message);
        Assert.Contains("output 'reduced': shape (2,) differs from the golden's ()", r.Message);
        var missing = Check($"cp {GoldenDir()}/per_sample.npy \"$1/out/\"");
        Assert.Contains("the backend returned no array output 'reduced'", missing.Message);
    }

    [Fact]
    public void An_unreadable_npy_fails_with_the_file_named()
    {
        var r = Check("echo garbage > \"$1/out/per_sample.npy\"");
        Assert.Equal(CaseStatus.Failed, r.Status);
        Assert.Contains("output 'per_sample'", r.Message);
        Assert.Contains("per_sample.npy: not an NPY file", r.Message);
    }

    [Fact]
    public void A_port_can_decline_a_case_or_report_its_own_error()
    {
        var skipped = Check("echo 'losses are not ported' > \"$1/out/_unsupported.txt\"");
        Assert.Equal(CaseStatus.Skipped, skipped.Status);
        Assert.Contains("losses are not ported", skipped.Message);
        var error = Check("echo 'ValueError: bad weights' > \"$1/out/_error.txt\"");
        Assert.Equal(CaseStatus.Failed, error.Status);
        Assert.Contains("the port reported an error: ValueError: bad weights", error.Message);
    }

    [Fact]
    public void Batch_mode_runs_the_program_once_and_reads_every_folder()
    {
        var cases = GoldenRepository.LoadAll().Where(c => c.Id is "losses/cce_seed_example" or "losses/bce_seed_example").ToList();
        var count = Path.Combine(Tmp, "calls.txt");
        // one call; the port copies each case's goldens (from its manifest id) into its folder
        var cmd = $"echo call >> {count}; for d in \"$@\"; do id=$(sed -n 's/.*\"id\": \"\\(.*\\)\".*/\\1/p' \"$d/manifest.json\"); " +
                  $"cp {GoldenRepository.GoldenDir}/$id/per_sample.npy {GoldenRepository.GoldenDir}/$id/reduced.npy \"$d/out/\"; done";
        using var b = new ExternalBackend(new ExternalOptions(cmd, TimeSpan.FromSeconds(30), Batch: true));
        var s = CheckRun.Execute(cases, b, "cpu");
        Assert.True(s.Passed == 2, string.Join("\n", s.Results.Select(r => r.Message)));
        Assert.Single(File.ReadAllLines(count));
    }

    [Fact]
    public void Expectations_turn_failures_into_expected_failures_and_flag_unexpected_passes()
    {
        var file = Path.Combine(Tmp, "expectations.jsonc");
        File.WriteAllText(file, """
            // a port's expectations
            {
              "backend": "test",
              "failing": [ { "cases": ["losses/cce_*"], "reason": "port writes garbage" }, ],
              "failing_permanently": [ { "cases": ["losses/bce_seed_example@cpu"], "reason": "by design" } ],
              "unsupported": [ { "cases": ["losses/scce_seed_example", "nothing/matches_this"], "reason": "not ported" } ]
            }
            """);
        var exp = Expectations.Load(file);
        var cases = GoldenRepository.LoadAll().Where(c
            => c.Id is "losses/cce_seed_example" or "losses/bce_seed_example" or "losses/scce_seed_example").ToList();
        // the port copies the goldens for bce (so the bce case passes) and nothing else (so cce fails)
        var cmd = $"case \"$1\" in *bce_seed*) cp {GoldenDir("losses/bce_seed_example")}/*.npy \"$1/out/\";; *) echo x > \"$1/out/per_sample.npy\";; esac";
        using var b = new ExternalBackend(new ExternalOptions(cmd, TimeSpan.FromSeconds(30)));
        var s = CheckRun.Execute(cases, b, "cpu", exp);
        var by = s.Results.ToDictionary(r => r.CaseId);
        Assert.Equal(CaseStatus.ExpectedFailure, by["losses/cce_seed_example"].Status);
        Assert.Contains("port writes garbage", by["losses/cce_seed_example"].Message);
        Assert.Equal(CaseStatus.UnexpectedPass, by["losses/bce_seed_example"].Status);
        Assert.Contains("remove it from the list", by["losses/bce_seed_example"].Message);
        Assert.Equal(CaseStatus.Skipped, by["losses/scce_seed_example"].Status);
        Assert.False(s.Ok);
        Assert.Equal(["unsupported: 'nothing/matches_this'"], s.UnmatchedPatterns);
    }

    [Theory]
    [InlineData("{ \"failing\": [ { \"cases\": [\"a/*\"] } ] }", "failing[0] needs a non-empty 'reason'")]
    [InlineData("{ \"failing\": [ { \"cases\": [], \"reason\": \"x\" } ] }", "failing[0] needs 'cases'")]
    [InlineData("{ \"flaky\": [] }", "unknown key 'flaky'")]
    [InlineData("{ \"failing\": [ ", "not valid JSON")]
    public void Malformed_expectations_are_refused_with_the_problem(string text, string problem)
    {
        var file = Path.Combine(Tmp, "bad.jsonc");
        File.WriteAllText(file, text);
        var e = Assert.Throws<ExpectationsException>(() => Expectations.Load(file));
        Assert.Contains(problem, e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void A_request_folder_runs_the_reference_on_any_values()
    {
        // a porter's own case: the golden manifest's method with new inputs, no hashes, no outputs listed
        var dir = Directory.CreateDirectory(Path.Combine(Tmp, "my-case")).FullName;
        Npy.Write(Path.Combine(dir, "y_true.npy"), NpyArray.FromFloats([0f, 1f, 0f, 1f, 0f, 0f], 2, 3));
        Npy.Write(Path.Combine(dir, "y_pred.npy"), NpyArray.FromFloats([0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.25f], 2, 3));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """
            { "schema": "kerasvis-golden/1",
              "method": { "name": "keras_loss", "params": { "loss": "categorical_crossentropy", "from_logits": false } },
              "inputs": [ { "name": "y_true", "file": "y_true.npy", "dtype": "<f4", "shape": [2, 3] }, { "name": "y_pred", "file": "y_pred.npy" } ] }
            """);
        var c = GoldenCase.LoadRequest(dir);
        Assert.Equal("my-case", c.Id);
        var o = new KerasVis.ReferenceBackend.TorchSharpBackend().Run(c, c.ReadInputs(), "cpu");
        // −log(0.5) for both rows
        Assert.Equal(new[] { MathF.Log(2f), MathF.Log(2f) }, o.Arrays["per_sample"].AsFloats(), (a, b) => Math.Abs(a - b) <= 1e-7f);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """
            { "schema": "kerasvis-golden/1", "method": { "name": "keras_loss", "params": {} },
              "inputs": [ { "name": "y_true", "file": "y_true.npy", "shape": [3, 2] } ] }
            """);
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.LoadRequest(dir));
        Assert.Contains("shape (2, 3) differs from the manifest's (3, 2)", e.Message);
    }

    [Fact]
    public void Report_pictures_cover_maps_and_skip_feature_stacks()
    {
        Assert.NotNull(ReportPictures.Extract(NpyArray.FromFloats(new float[3 * 28 * 28], 3, 28, 28)));       // (N, H, W)
        Assert.NotNull(ReportPictures.Extract(NpyArray.FromFloats(new float[3 * 224 * 224], 1, 3, 224, 224))); // (1, C, H, W)
        Assert.True(ReportPictures.Extract(NpyArray.FromBytes(new byte[224 * 224 * 3], 224, 224, 3))!.Rgb);    // uint8 RGB
        Assert.Null(ReportPictures.Extract(NpyArray.FromFloats(new float[6 * 28 * 28 * 128], 6, 28, 28, 128))); // 128 channels
        Assert.Null(ReportPictures.Extract(NpyArray.FromFloats(new float[9], 3, 3)));                          // too small
        // a (2, 8, 8) map whose candidate is the golden + 1 at one pixel: the diff picture's scale is 0 … 1
        var g = NpyArray.FromFloats(Enumerable.Range(0, 128).Select(i => (float)i).ToArray(), 2, 8, 8);
        var cv = g.AsFloats(); cv[9] += 1;
        var w = ReportPictures.Write(Tmp, "m", g, NpyArray.FromFloats(cv, 2, 8, 8))!.Value;
        Assert.Equal(1.0, w.MaxDiff);
        Assert.True(File.Exists(Path.Combine(Tmp, w.Diff!)));
    }
}
