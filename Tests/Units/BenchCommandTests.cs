using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Tests.Ports;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>The benchmark's plumbing (not its speed, which is never asserted): the two sides alternate through the
/// Python baseline's protocol and the table carries every figure and target for the rows run.</summary>
public class BenchCommandTests
{
    [PythonTorchFact]
    public void A_short_bench_alternates_with_the_baseline_and_tables_its_figures()
    {
        var md = Path.Combine(Path.GetTempPath(), $"kerasvis-bench-{Guid.NewGuid():N}.md");
        try
        {
            var r = CliProcess.Run(["bench", "--only", "^zoom_lab2_cam$", "--reps", "2", "--heavy-reps", "0", "--markdown", md]);
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            var lines = r.Stdout.Split('\n');
            Assert.Equal(["warm-up", "round 1", "round 2"], lines.Where(l => l.Contains("zoom_lab2_cam")).Where(l => !l.StartsWith('|')).Select(l
                => l[..9].Trim()));
            Assert.All(lines.Where(l => l.StartsWith("round", StringComparison.Ordinal)), l => Assert.Matches(@"reference +\d+\.\d+ s +baseline +\d+\.\d+ s",
                l));
            var row = File.ReadAllLines(md).Single(l => l.StartsWith("| `zoom_lab2_cam`", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
            double ours = double.Parse(row[2], CultureInfo.InvariantCulture), theirs = double.Parse(row[3], CultureInfo.InvariantCulture);
            Assert.True(ours > 0 && theirs > 0);
            Assert.Equal(theirs / ours, double.Parse(row[4], CultureInfo.InvariantCulture), 0.02 * theirs / ours + 0.01);
            if (Directory.Exists("/usr/lib/x86_64-linux-gnu/openblas-pthread"))
            {
                // the OpenBLAS baseline: its own median and ratio, and its BLAS named under the table
                double fast = double.Parse(row[5], CultureInfo.InvariantCulture);
                Assert.Equal(fast / ours, double.Parse(row[6], CultureInfo.InvariantCulture), 0.02 * fast / ours + 0.01);
                Assert.Matches("OpenBLAS baseline .*: PyTorch .*BLAS .*openblas", File.ReadAllText(md));
            }
            else Assert.True(row[5] == "" && row[6] == "", $"no OpenBLAS here, yet its columns hold '{row[5]}', '{row[6]}'");
            Assert.True(double.Parse(row[8], CultureInfo.InvariantCulture) > 50 && double.Parse(row[9],
                CultureInfo.InvariantCulture) > 50);   // both peak RSS, MB
            Assert.Matches("at least SciPy's speed: (met|\\*\\*missed\\*\\*)", row[10]);
            Assert.Contains("baseline: PyTorch", File.ReadAllText(md));
        }
        finally { File.Delete(md); }
    }

    [PythonTorchFact]
    public void A_method_also_runs_whole_process_on_both_sides_and_the_table_says_the_fma_peak()
    {
        var md = Path.Combine(Path.GetTempPath(), $"kerasvis-bench-{Guid.NewGuid():N}.md");
        try
        {
            var r = CliProcess.Run(["bench", "--only", "^lab1_cam$", "--reps", "1", "--heavy-reps", "0", "--markdown", md]);
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            Assert.Matches(@"FMA peak: \d+\.\d G FMA/s on \d+ threads", r.Stdout);
            Assert.Matches(@"whole 1 +lab1_cam +reference +\d+\.\d+ s \(\d+\.\d+ s in process\) +(OpenBLAS )?baseline +\d+\.\d+ s", r.Stdout);
            var text = File.ReadAllText(md);
            var whole = text[text.IndexOf("### Whole process", StringComparison.Ordinal)..];
            var row = whole.Split('\n').First(l => l.StartsWith("| `lab1_cam`", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
            double ours = double.Parse(row[2], CultureInfo.InvariantCulture), inside = double.Parse(row[3], CultureInfo.InvariantCulture);
            double theirs = double.Parse(row[4], CultureInfo.InvariantCulture);
            Assert.True(inside > 0 && inside < ours, $"the method ({inside} s) must be part of the whole process ({ours} s)");
            Assert.Equal(theirs / ours, double.Parse(row[6], CultureInfo.InvariantCulture), 0.02 * theirs / ours + 0.01);
            Assert.True(double.Parse(row[7], CultureInfo.InvariantCulture) > 50, "the child's peak RSS, MB");
            const string verdict = "(met|\\*\\*missed\\*\\*)";
            Assert.Matches($"≥ 1.3× faster whole-process: {verdict}; peak RSS ≤ 1.5× the baseline's and ≤ 3 GB: {verdict}", row[9]);
            Assert.Contains("### Against this CPU's multiply-add peak", text);
        }
        finally { File.Delete(md); }
    }

    [Fact]
    public void Forward_multiply_adds_are_the_published_counts()
    {
        // VGG16 at 224²: 15.47 G multiply-adds (13 convolutions 15.35 G, the three dense layers 0.124 G); torchvision's
        // AlexNet: 0.714 G (its model card's 0.71 GFLOPS counts multiply-adds)
        Assert.Equal(15.47e9, KerasVis.Cli.Bench.ForwardFmas.Of(KerasVis.Reference.Models.ModelZoo.Get("vgg16")), 0.0015 * 15.47e9);
        Assert.Equal(0.714e9, KerasVis.Cli.Bench.ForwardFmas.Of(KerasVis.Reference.Models.ModelZoo.Get("alexnet")), 0.01 * 0.714e9);
    }

    [Fact]
    public void An_only_pattern_matching_nothing_is_a_usage_error_naming_the_workloads()
    {
        var r = CliProcess.Run(["bench", "--only", "^nothing$"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("matches no workload", r.Stderr);
        Assert.Contains("vgg16_scorecam512", r.Stderr);
    }
}
