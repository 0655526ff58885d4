using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.ReferenceBackend;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Runs the honest Reference on a case (possibly with changed parameters or inputs).</summary>
public delegate CaseOutputs ReferenceRun(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs);

/// <summary>
/// A realistic porting bug, as a wrapper over the Reference: it changes a case's parameters, its inputs, or the
/// Reference's outputs (recomputing what a port with the bug would compute from the honest intermediate results).
/// <see cref="Methods"/> are the manifest methods the bug touches; on every other case the mutant is the Reference.
/// </summary>
public sealed record Mutant(string Id, string Description, IReadOnlyList<string> Methods,
    Func<GoldenCase, IReadOnlyDictionary<string, NpyArray>, ReferenceRun, CaseOutputs> Run)
{
    public bool Touches(GoldenCase c) => Methods.Contains(c.Method);

    /// <summary>A bug in the settings: the Reference run with parameters <paramref name="change"/> edits.</summary>
    public static Mutant Params(string id, string description, string[] methods, Action<GoldenCase, JsonObject> change) =>
        new(id, description, methods, (c, x, reference) => reference(c.WithParams(p => change(c, p)), x));

    /// <summary>A bug after the fact: the Reference's outputs, edited in place by <paramref name="change"/> (which may
    /// recompute outputs from the honest intermediate ones, as the buggy port would).</summary>
    public static Mutant Outputs(string id, string description, string[] methods, Action<GoldenCase, IReadOnlyDictionary<string, NpyArray>,
        CaseOutputs> change) =>
        new(id, description, methods, (c, x, reference) =>
        {
            var o = reference(c, x);
            change(c, x, o);
            return o;
        });
}
