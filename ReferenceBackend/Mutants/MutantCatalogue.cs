namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>The mutation catalogue: realistic porting bugs, each a wrapper over the Reference (docs/mutants.md). Every
/// one must be caught by at least one golden case; a survivor means a missing case or a too-loose tolerance.</summary>
public static class MutantCatalogue
{
    /// <summary>Every mutant of every <c>*Mutants</c> class in this namespace (each a static <c>All()</c>), in class-name
    /// order: a new family's mutants are one new file, with no list to edit here.</summary>
    public static IReadOnlyList<Mutant> All { get; } = typeof(MutantCatalogue).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(MutantCatalogue).Namespace && t.Name.EndsWith("Mutants", StringComparison.Ordinal))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => t.GetMethod("All", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes))
        .Where(m => m is not null && m.ReturnType == typeof(IEnumerable<Mutant>))
        .SelectMany(m => (IEnumerable<Mutant>)m!.Invoke(null, null)!).ToList();

    public static MutantBackend Backend(string id) =>
        new(All.FirstOrDefault(m => m.Id == id) ?? throw new ArgumentException($"unknown mutant '{id}' (`conformance mutants --list` names them)"));
}
