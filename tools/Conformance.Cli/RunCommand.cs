using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.ReferenceBackend;

namespace KerasVis.Cli;

/// <summary><c>conformance run --case DIR --out DIR</c>: the external protocol in reverse — the Reference's answer for
/// any case folder in the golden format (docs/porting.md).</summary>
public static class RunCommand
{
    public static Command Build()
    {
        var caseDir = new Option<string>("--case") { Description = "a case folder (manifest.json + input NPY files), e.g. golden/cam/lab1_hash or your own",
            Required = true };
        var outDir = new Option<string>("--out") { Description = "folder to write the Reference's outputs into (NPY per array, .txt per text, outputs.json)",
            Required = true };
        var device = CliOptions.Choice("--device", "the device: cpu or cuda", "cpu", "cpu", "cuda");
        var cmd = new Command("run", "Run the Reference on one case folder and write its outputs (the answer for your own inputs)") { caseDir, outDir, device };
        cmd.SetAction(r =>
        {
            var c = GoldenCase.LoadRequest(r.GetValue(caseDir)!);   // a malformed request is an InputException: CliHost's error line, exit 2
            var backend = new KerasVis.ReferenceBackend.TorchSharpBackend();
            var dev = r.GetValue(device)!;
            if (backend.Supports(c, dev) is { } why) throw new UsageException($"the Reference cannot run {c.Id} on {dev}: {why}");
            KerasVis.ReferenceBackend.Adapters.MethodRegistry.Get(c).Check(c);
            CliOptions.OutsideGoldenSet(r.GetValue(outDir)!, "--out");
            StagedFolder staged;
            try { staged = new StagedFolder(r.GetValue(outDir)!, "--out"); }
            catch (Exception e) when (e is ArgumentException or IOException) { throw new UsageException(e.Message); }
            using var _s = staged;
            CaseOutputs outs;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (c.Fixtures.Count > 0) CaseFixtures.Verify(c, GoldenRepository.Root());
            try { outs = backend.Run(c, c.ReadInputs(), dev); }
            catch (Exception e) when (e is Conformance.InputException or ArgumentException or NotSupportedException or InvalidOperationException)
            {
                throw new UsageException($"{c.Id} ({c.Method}): {e.Message}");
            }
            // everything is computed before anything is written, into a staging folder swapped into place at the end
            var dir = staged.Staging;
            var index = new JsonArray();
            string FileOf(string name, string ext) => c.Outputs.FirstOrDefault(o => o.Name == name)?.File ?? name + ext;
            foreach (var (name, a) in outs.Arrays)
            {
                var file = FileOf(name, ".npy");
                Npy.Write(Path.Combine(dir, file), a);
                index.Add(new JsonObject { ["name"] = name, ["kind"] = "array", ["file"] = file, ["dtype"] = NpyDTypes.Descr(a.DType),
                    ["shape"] = new JsonArray(a.Shape.Select(d => (JsonNode)d).ToArray()) });
            }
            foreach (var (name, t) in outs.Texts)
            {
                var file = FileOf(name, ".txt");
                AtomicFile.WriteAllText(Path.Combine(dir, file), t);
                index.Add(new JsonObject { ["name"] = name, ["kind"] = "text", ["file"] = file });
            }
            AtomicFile.WriteAllText(Path.Combine(dir, "outputs.json"), new JsonObject
            {
                ["case"] = c.Id, ["method"] = c.Method, ["device"] = dev, ["backend"] = backend.Describe(), ["outputs"] = index,
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            staged.Commit();
            Console.WriteLine($"{c.Id}: {outs.Arrays.Count + outs.Texts.Count} outputs written to {staged.Destination} in {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var n in index) Console.WriteLine($"  {(string)n!["file"]!,-28} {(string?)n["dtype"] ?? "text"} " +
                $"{(n["shape"] is JsonArray s ? NpyArray.FormatShape(s.Select(d => (long)d!).ToArray()) : "")}");
            return 0;
        });
        return cmd;
    }
}
