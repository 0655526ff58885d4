namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Marks a method adapter and names the method it runs (<c>method.name</c> in a manifest). The
/// <see cref="MethodRegistry"/> finds every class so marked: adding a method is adding one adapter file.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MethodAttribute(string name, string summary) : Attribute
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;
    /// <summary>What the method's final output is (the mutation catalogue's bugs in a shared step touch every method of
    /// the kind, found through <see cref="MethodRegistry.OfKind"/>).</summary>
    public MethodKind Kind { get; init; } = MethodKind.Other;
    /// <summary>The method's page under docs/methods/ (what it computes, its branches, where ports go wrong); the
    /// generated method table links it, so no other list of pages is kept.</summary>
    public string? Page { get; init; }
}

/// <summary>The kinds of final output the mutation catalogue tells apart.</summary>
public enum MethodKind
{
    Other,
    /// <summary>A class activation map over the image (output <c>cam</c>, or DLAI get_CAM's <c>heatmap</c>).</summary>
    ClassActivationMap,
    /// <summary>An attribution over the model's input (output <c>attributions</c>, x's shape).</summary>
    InputAttribution,
}
