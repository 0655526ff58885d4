using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary><c>conformance run --case DIR</c> refuses a request whose parameters are misspelt or wrongly typed with one
/// error line naming the key, exit code 2, and writes nothing.</summary>
public sealed class RunCommandParamTests : IDisposable
{
    readonly string tmp = Directory.CreateTempSubdirectory("kerasvis-run-params-").FullName;

    public void Dispose() => Directory.Delete(tmp, true);

    string Request(Action<JsonObject> change)
    {
        var golden = Path.Combine(GoldenRepository.GoldenDir, "losses", "cce_random_8x10");
        var dir = Path.Combine(tmp, "case");
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "y_true.npy", "y_pred.npy" }) File.Copy(Path.Combine(golden, f), Path.Combine(dir, f));
        var m = new JsonObject
        {
            ["schema"] = "kerasvis-golden/1",
            ["method"] = new JsonObject { ["name"] = "keras_loss", ["params"] = new JsonObject { ["loss"] = "categorical_crossentropy" } },
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "y_true", ["file"] = "y_true.npy" }, new JsonObject { ["name"] = "y_pred",
                ["file"] = "y_pred.npy" }),
        };
        change((JsonObject)m["method"]!["params"]!);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), m.ToJsonString());
        return dir;
    }

    [Theory]
    [InlineData("from_logit", "true", "method.params.from_logit: is not a parameter of keras_loss")]
    [InlineData("from_logits", "\"yes\"", "method.params.from_logits: must be boolean, got \"yes\"")]
    [InlineData("reduction", "\"mean\"", "method.params.reduction: must be \"none\" | \"sum\" | \"sum_over_batch_size\"")]
    [InlineData("epsilon", "-1", "method.params.epsilon: -1 is out of range")]
    public void A_bad_parameter_is_one_error_line_naming_the_key_and_exit_2(string key, string json, string expected)
    {
        var dir = Request(p => p[key] = JsonNode.Parse(json));
        var outDir = Path.Combine(tmp, "out");
        var r = CliProcess.Run(["run", "--case", dir, "--out", outDir]);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.Contains("manifest.json", lines[0]);
        Assert.False(Directory.Exists(outDir), "nothing may be written");
    }

    [Fact]
    public void The_same_request_with_good_parameters_runs_and_honours_the_reduction()
    {
        var dir = Request(p => p["reduction"] = "sum");
        var r = CliProcess.Run(["run", "--case", dir, "--out", Path.Combine(tmp, "out")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var perSample = KerasVis.Conformance.IO.Npy.Read(Path.Combine(tmp, "out", "per_sample.npy")).AsFloats();
        var reduced = KerasVis.Conformance.IO.Npy.Read(Path.Combine(tmp, "out", "reduced.npy")).AsFloats();
        Assert.Equal(perSample.Sum(), reduced.Single(), 6);
    }
}
