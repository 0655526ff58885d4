using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

public class ManifestTests
{
    static string SeedManifest => Path.Combine(GoldenRepository.Root(), "golden", "unpool", "seed_example", "manifest.json");

    /// <summary>Copies a real case folder, applies an edit to its manifest, and returns the new manifest path.</summary>
    static string Edited(string name, Action<JsonObject> edit)
    {
        var dir = Directory.CreateTempSubdirectory($"kerasvis-manifest-{name}-").FullName;
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(SeedManifest)!)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var path = Path.Combine(dir, "manifest.json");
        var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(o);
        File.WriteAllText(path, o.ToJsonString());
        return path;
    }

    static JsonObject Out0(JsonObject o) => o["outputs"]![0]!.AsObject();

    public static TheoryData<string, string> Broken() => new()
    {
        { "schema", "schema 'kerasvis-golden/0' is not" },
        { "no_outputs", "'outputs' is empty" },
        { "tolerance_kind", "kind 'close' must be one of exact, ulp, abs_rel" },
        { "no_reason", "tolerance: 'reason' must be a non-empty string" },
        { "ulp_negative", "'max_ulp' must be a non-negative integer" },
        { "sha", "'sha256' must be 64 hex digits" },
        { "escape", "'file' must be a simple name" },
        { "dtype", "dtype '<f2' is not one of" },
        { "duplicate", "is used twice" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Malformed_manifests_get_a_typed_error_naming_the_file(string what, string problem)
    {
        var path = Edited(what, o =>
        {
            switch (what)
            {
                case "schema": o["schema"] = "kerasvis-golden/0"; break;
                case "no_outputs": o["outputs"] = new JsonArray(); break;
                case "tolerance_kind": Out0(o)["tolerance"]!["kind"] = "close"; break;
                case "no_reason": Out0(o)["tolerance"]!.AsObject().Remove("reason"); break;
                case "ulp_negative": Out0(o)["tolerance"] = new JsonObject { ["kind"] = "ulp", ["max_ulp"] = -1, ["reason"] = "r" }; break;
                case "sha": Out0(o)["sha256"] = "abc"; break;
                case "escape": Out0(o)["file"] = "../../other/x.npy"; break;
                case "dtype": Out0(o)["dtype"] = "<f2"; break;
                case "duplicate": Out0(o)["name"] = "x"; break;
            }
        });
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Invalid_json_is_named()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kerasvis-json-").FullName, "manifest.json");
        File.WriteAllText(path, "{ \"schema\": ");
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(path));
        Assert.Contains("not valid JSON", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_golden_file_edited_by_hand_is_caught_by_its_hash()
    {
        var path = Edited("hash", _ => { });
        var dir = Path.GetDirectoryName(path)!;
        var bytes = File.ReadAllBytes(Path.Combine(dir, "pooled.npy"));
        bytes[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(dir, "pooled.npy"), bytes);
        var c = GoldenCase.Load(path);
        var o = c.Outputs.Single(x => x.Name == "pooled");
        var e = Assert.Throws<GoldenFormatException>(() => c.ReadArray(o.ArraySpec));
        Assert.Contains("pooled.npy", e.File);
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void Every_committed_manifest_loads_and_states_a_reason_per_tolerance()
    {
        var cases = GoldenRepository.LoadAll();
        Assert.True(cases.Count >= 28, $"only {cases.Count} golden cases found");
        foreach (var c in cases)
            foreach (var o in c.Outputs)
                Assert.False(string.IsNullOrWhiteSpace(o.Tolerance.Reason), $"{c.Id}/{o.Name} has no tolerance reason");
    }
}
