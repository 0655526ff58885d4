using System.Diagnostics;
using System.Text.Json.Nodes;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>
/// The bad-input catalogue (docs/robustness.md cites each row's test): malformed manifests, request folders,
/// expectations and destinations end in a typed, one-line error, and nothing is written outside the intended folder.
/// The hostile ports are in <see cref="HostilePortTests"/>.
/// </summary>
public sealed class BadInputCatalogueTests() : SeedCaseTest("kerasvis-bad-input-")
{


    public static TheoryData<string, string> BadManifests() => new()
    {
        { "output_name_escapes", "'name' must be a simple name" },
        { "output_name_absolute", "'name' must be a simple name" },
        { "output_file_reserved", "is reserved by the protocol" },
        { "outputs_share_a_file", "is named by two inputs or outputs" },
        { "output_file_empty", "'file' must be a non-empty string" },
        { "output_file_dotdot", "'file' must be a simple name" },
        { "duplicate_json_key", "Duplicate property 'schema'" },
        { "shape_as_strings", "'shape' must hold non-negative integers" },
        { "shape_as_floats", "'shape' must hold non-negative integers" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void Malformed_golden_manifests_are_refused_naming_the_file_and_field(string what, string problem)
    {
        var dir = CopyCase();
        var path = Path.Combine(dir, "manifest.json");
        var text = File.ReadAllText(path);
        var o = JsonNode.Parse(text)!.AsObject();
        var out0 = o["outputs"]![0]!.AsObject();
        var out1 = o["outputs"]![1]!.AsObject();
        switch (what)
        {
            case "output_name_escapes": out0["name"] = "../../../x"; break;
            case "output_name_absolute": out0["name"] = "/Tmp/x"; break;
            case "output_file_reserved": out0["file"] = "outputs.json"; break;
            case "outputs_share_a_file": out1["file"] = (string)out0["file"]!; break;
            case "output_file_empty": out0["file"] = ""; break;
            case "output_file_dotdot": out0["file"] = "a..b.npy"; break;
            case "shape_as_strings": out0["shape"] = new JsonArray("1"); break;
            case "shape_as_floats": out0["shape"] = new JsonArray(1.5); break;
        }
        File.WriteAllText(path, what == "duplicate_json_key" ? "{\"schema\": \"x\", " + text.TrimStart()[1..] : o.ToJsonString());
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Two_cases_with_one_id_are_refused_naming_both_folders()
    {
        var root = Path.Combine(Tmp, "golden");
        foreach (var name in new[] { "a", "b" }) CopyCase(Path.Combine(root, "losses", name));
        var e = Assert.Throws<GoldenFormatException>(() => GoldenRepository.LoadAll(root));
        Assert.Contains($"case id '{CaseId}' is also the id of", e.Message);
        Assert.Contains(Path.Combine(root, "losses", "a"), e.Message);
        Assert.Contains(Path.Combine(root, "losses", "b"), e.Message);
    }

    [Theory]
    [InlineData("fifo", "is empty or not a regular file")]
    [InlineData("dev_zero", "is a symbolic link (to /dev/zero)")]
    [InlineData("outside", "is a symbolic link")]
    [InlineData("sha", "SHA-256")]
    public void Request_inputs_must_be_regular_files_of_the_folder_matching_their_hash(string what, string problem)
    {
        var dir = CopyCase();
        var input = Path.Combine(dir, "y_true.npy");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!.AsObject();
        switch (what)
        {
            case "fifo": File.Delete(input); Process.Start("mkfifo", input)!.WaitForExit(); break;
            case "dev_zero": File.Delete(input); File.CreateSymbolicLink(input, "/dev/zero"); break;
            case "outside": File.Delete(input); File.CreateSymbolicLink(input, Path.Combine(GoldenDir(), "per_sample.npy")); break;
            case "sha": manifest["inputs"]![0]!["sha256"] = new string('0', 64); break;
        }
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.LoadRequest(dir));
        Assert.True(clock.Elapsed.TotalSeconds < 5, "no hang, no read of /dev/zero");
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("../../x.npy")]
    [InlineData("/Tmp/x.npy")]
    [InlineData("a..b.npy")]
    [InlineData("outputs.json")]
    public void Request_output_files_must_be_simple_names_not_silently_renamed(string file)
    {
        var dir = CopyCase();
        var path = Path.Combine(dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest["outputs"]![0]!["file"] = file;
        File.WriteAllText(path, manifest.ToJsonString());
        var e = Assert.Throws<GoldenFormatException>(() => GoldenCase.LoadRequest(dir));
        Assert.Contains("outputs[0]: 'file'", e.Message);
    }

    [Fact]
    public void A_malformed_manifest_anywhere_in_the_golden_set_is_one_error_line_for_list()
    {
        var root = Path.Combine(Tmp, "spec");
        var dir = CopyCase(Path.Combine(root, "golden", "losses", "broken"));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{\"schema\": \"kerasvis-golden/1\", \"id\": 3}");
        var r = CliProcess.Run(["list", "--golden", root]);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("manifest.json: 'id' must be a non-empty string", line);
    }

    [Fact]
    public void Explain_warns_when_the_Grad_CAM_plus_plus_map_is_NaN_and_says_why()
    {
        var photo = Path.Combine(GoldenRepository.Root(), "fixtures", "images", "photos", "chelsea.png");
        var r = CliProcess.Run(["explain", "--method", "gradcampp", "--image", photo, "--out", Path.Combine(Tmp, "pp.png")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("warning: the Grad-CAM++ map is NaN: exp(score) overflows float32 for scores above 88.72", r.Stderr);
        Assert.True(File.Exists(Path.Combine(Tmp, "pp.png")));
    }

    [Fact]
    public void Duplicate_keys_in_an_expectations_file_are_refused_naming_it()
    {
        var path = Path.Combine(Tmp, "expectations.jsonc");
        File.WriteAllText(path, "{ \"failing\": [], \"failing\": [] }");
        var e = Assert.Throws<ExpectationsException>(() => Expectations.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("Duplicate property 'failing'", e.Message);
    }

    [Fact]
    public void A_staged_folder_leaves_the_previous_contents_intact_until_it_is_committed()
    {
        var dest = Path.Combine(Tmp, "report");
        using (var s = new StagedFolder(dest, "--report"))
        {
            File.WriteAllText(Path.Combine(s.Staging, "report.json"), "old");
            s.Commit();
        }
        using (var s = new StagedFolder(dest, "--report"))
            File.WriteAllText(Path.Combine(s.Staging, "report.json"), "half-written");
        Assert.Equal("old", File.ReadAllText(Path.Combine(dest, "report.json")));
        Assert.Single(Directory.GetFileSystemEntries(Tmp));
        using (var s = new StagedFolder(dest, "--report"))
        {
            File.WriteAllText(Path.Combine(s.Staging, "report.json"), "new");
            s.Commit();
        }
        Assert.Equal("new", File.ReadAllText(Path.Combine(dest, "report.json")));
        Assert.Single(Directory.GetFileSystemEntries(Tmp));
        File.WriteAllText(Path.Combine(Tmp, "file"), "x");
        Assert.Contains("is a file", Assert.Throws<ArgumentException>(() => new StagedFolder(Path.Combine(Tmp, "file"), "--report")).Message);
        Directory.CreateDirectory(Path.Combine(Tmp, "mine"));
        File.WriteAllText(Path.Combine(Tmp, "mine", "thesis.tex"), "x");
        Assert.Contains("holds files this tool did not write (thesis.tex)",
            Assert.Throws<ArgumentException>(() => new StagedFolder(Path.Combine(Tmp, "mine"), "--out")).Message);
    }

    [Fact]
    public void A_destination_is_replaced_only_when_every_entry_is_one_this_tool_wrote()
    {
        // --report . in a port's repository: a report.json there is not enough; .git and the sources stay
        var repo = Path.Combine(Tmp, "repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        File.WriteAllText(Path.Combine(repo, "report.json"), "{}");
        File.WriteAllText(Path.Combine(repo, "port.py"), "print()");
        var e = Assert.Throws<ArgumentException>(() => new StagedFolder(repo, "--report"));
        Assert.Contains("holds files this tool did not write (", e.Message);
        Assert.True(Directory.Exists(Path.Combine(repo, ".git")) && File.Exists(Path.Combine(repo, "port.py")));
        // a folder this tool wrote, to which a user then added a file, is refused as well
        var report = Path.Combine(Tmp, "report");
        using (var s = new StagedFolder(report, "--report"))
        {
            File.WriteAllText(Path.Combine(s.Staging, "report.json"), "{}");
            s.Commit();
        }
        Assert.Equal(["report.json"], File.ReadAllLines(Path.Combine(report, StagedFolder.Marker)));
        File.WriteAllText(Path.Combine(report, "notes.txt"), "mine");
        Assert.Contains("(notes.txt)", Assert.Throws<ArgumentException>(() => new StagedFolder(report, "--report")).Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(report, "notes.txt")));
    }

    [Fact]
    public void Run_out_replaces_an_earlier_answer_whole_and_keeps_no_stale_file()
    {
        var outDir = Path.Combine(Tmp, "answer");
        Assert.Equal(0, CliProcess.Run(["run", "--case", Path.Combine(GoldenRepository.GoldenDir, "unpool", "seed_example"), "--out", outDir]).ExitCode);
        Assert.True(File.Exists(Path.Combine(outDir, "pooled.npy")));
        var r = CliProcess.Run(["run", "--case", GoldenDir(), "--out", outDir]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([StagedFolder.Marker, "outputs.json", "per_sample.npy", "reduced.npy"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetFileSystemEntries(Tmp));
    }

    string CopyCase(string? to = null)
    {
        var dir = to ?? Path.Combine(Tmp, "case");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(GoldenDir())) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }
}
