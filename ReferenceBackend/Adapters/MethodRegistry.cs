using System.Reflection;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Every method adapter of this assembly, found by its <see cref="MethodAttribute"/> (no table to edit).</summary>
public static class MethodRegistry
{
    static readonly Lazy<IReadOnlyDictionary<string, (MethodAttribute Info, IMethodAdapter Adapter)>> All = new(() =>
        typeof(MethodRegistry).Assembly.GetTypes()
            .Select(t => (Type: t, Info: t.GetCustomAttribute<MethodAttribute>()))
            .Where(x => x.Info is not null)
            .ToDictionary(x => x.Info!.Name, x => (x.Info!, (IMethodAdapter)Activator.CreateInstance(x.Type)!), StringComparer.Ordinal));

    public static IEnumerable<string> Names => All.Value.Keys.Order(StringComparer.Ordinal);

    public static IMethodAdapter? Find(string method) => All.Value.TryGetValue(method, out var a) ? a.Adapter : null;

    public static IMethodAdapter Get(GoldenCase c) => Find(c.Method)
        ?? throw new GoldenFormatException(c.ManifestPath, $"method '{c.Method}' is not known (methods: {string.Join(", ", Names)})");

    /// <summary>Every adapter <c>conformance explain</c> can draw, by its <c>--method</c> name.</summary>
    public static IReadOnlyDictionary<string, IExplainer> Explainers => ExplainersByName.Value;

    static readonly Lazy<IReadOnlyDictionary<string, IExplainer>> ExplainersByName = new(() =>
        All.Value.Values.Select(a => a.Adapter).OfType<IExplainer>().ToDictionary(e => e.ExplainName, StringComparer.Ordinal));

    /// <summary>The methods of one kind (<see cref="MethodAttribute.Kind"/>).</summary>
    public static string[] OfKind(MethodKind kind) => [.. Names.Where(n => All.Value[n].Info.Kind == kind)];

    /// <summary>The methods that take a parameter named <paramref name="param"/>.</summary>
    public static string[] WithParam(string param) =>
        [.. Names.Where(n => ParamSchema.Of(All.Value[n].Adapter.ParamsType)[param] is not null)];

    /// <summary>The parameters and outputs of every method, for <c>conformance methods</c> and docs/methods/index.md.</summary>
    public static IReadOnlyList<MethodDoc> Docs() => Names.Select(n =>
    {
        var (info, adapter) = All.Value[n];
        return new MethodDoc(n, info.Summary, adapter.RunsOnDevice, ParamSchema.Of(adapter.ParamsType).Params,
            adapter.OutputTypes.SelectMany(StepOutputs.Docs).ToList(), info.Page);
    }).ToList();
}
