namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>The mutation catalogue: realistic porting bugs, each a wrapper over the Reference (docs/mutants.md). Every
/// one must be caught by at least one golden case; a survivor means a missing case or a too-loose tolerance.</summary>
public static class MutantCatalogue
{
    public static IReadOnlyList<Mutant> All { get; } =
        CamMutants.All().Concat(SaliencyMutants.All()).Concat(KerasMutants.All()).Concat(TorchMutants.All())
            .Concat(ParamMutants.All()).ToList();

    public static MutantBackend Backend(string id) =>
        new(All.FirstOrDefault(m => m.Id == id) ?? throw new ArgumentException($"unknown mutant '{id}' (`conformance mutants --list` names them)"));
}
