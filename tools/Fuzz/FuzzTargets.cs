using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.Fuzz;

/// <summary>One reader under fuzzing: it takes bytes and may refuse them only with its own typed exception.</summary>
public sealed record FuzzTarget(string Name, string FileName, Type Allowed, Action<string> Run)
{
    /// <summary>Prepares the scratch folder once (a request target's input files).</summary>
    public Action<string>? Setup { get; init; }
}

public static class FuzzTargets
{
    /// <summary><c>npy</c>: the NPY reader. <c>manifest</c>: a golden manifest, then its method parameters bound
    /// (golden format and parameter schema). <c>request</c>: a request folder's manifest. <c>expectations</c>: a port's
    /// expectations file. Each reads a file the driver writes into its scratch folder.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("npy", "x.npy", typeof(NpyFormatException), path => Npy.Read(path)),
        new("manifest", "manifest.json", typeof(GoldenFormatException), path =>
        {
            var c = GoldenCase.Load(path);
            MethodRegistry.Get(c).Check(c);
        }),
        new("request", "manifest.json", typeof(GoldenFormatException), path =>
        {
            try
            {
                var c = GoldenCase.LoadRequest(path);
                MethodRegistry.Get(c).Check(c);
            }
            catch (NpyFormatException) { } // an input file the manifest names, refused by the NPY reader: a typed refusal too
        })
        {
            Setup = scratch =>
            {
                var golden = Path.Combine(GoldenRepository.GoldenDir, "losses", "cce_seed_example");
                foreach (var f in new[] { "y_true.npy", "y_pred.npy" }) File.Copy(Path.Combine(golden, f), Path.Combine(scratch, f), overwrite: true);
            },
        },
        new("expectations", "expectations.jsonc", typeof(ExpectationsException), path => Expectations.Load(path)),
        new("writers", "message.txt", typeof(NoRefusal), WriterTargets.Run),
        new("cli", "argv.txt", typeof(NoRefusal), CliArgsTarget.Run),
    ];

    /// <summary>The writers and the parser refuse nothing: any exception from them is a finding.</summary>
    sealed class NoRefusal : Exception;
}
