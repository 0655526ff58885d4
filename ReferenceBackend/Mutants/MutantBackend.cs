using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>A mutant as a backend (<c>conformance check --backend mutant:&lt;id&gt;</c>). Cases whose method the
/// mutant does not touch are skipped with that reason: there it is the Reference.</summary>
public sealed class MutantBackend(Mutant mutant) : IBackend
{
    readonly TorchSharpBackend reference = new();
    public Mutant Mutant { get; } = mutant;
    public string Name => $"mutant:{Mutant.Id}";
    public IReadOnlyList<string> Devices => ["cpu"];
    public string Describe() => $"mutant '{Mutant.Id}' ({Mutant.Description}) over {reference.Describe()}";

    public string? Supports(GoldenCase c, string device) =>
        reference.Supports(c, device) ?? (Mutant.Touches(c) ? null : $"mutant '{Mutant.Id}' does not touch method '{c.Method}' (there it is the Reference)");

    public CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string device) =>
        Mutant.Run(c, inputs, (cc, xx) => reference.Run(cc, xx, device));
}
