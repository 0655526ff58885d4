namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>The rule for file paths a manifest names (weights folders and files, images): relative to the repository,
/// under <c>fixtures/</c>, with no <c>..</c> segment — so a manifest can never make the Reference read elsewhere.</summary>
public static class FixturePath
{
    public static bool IsValid(string p) =>
        !Path.IsPathRooted(p) && p.StartsWith("fixtures/", StringComparison.Ordinal) && !p.Split('/', '\\').Contains("..");
}
