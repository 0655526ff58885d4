namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Marks a method adapter and names the method it runs (<c>method.name</c> in a manifest). The
/// <see cref="MethodRegistry"/> finds every class so marked: adding a method is adding one adapter file.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MethodAttribute(string name, string summary) : Attribute
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;
}
