using System.Collections;
using System.Reflection;
using System.Text.Json;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Names a steps record's properties as a case's outputs: <c>CamRaw</c> → <c>cam_raw</c>. An
/// <see cref="NpyArray"/> is an array output, a string a text output, an integer a one-element int64 array, a
/// dictionary of arrays one output per key, a <see cref="PartAttribute"/> record its own properties' outputs, and a null
/// property an output the case did not ask for.</summary>
public static class StepOutputs
{
    /// <summary>The output name of a property (what the manifests and the mutants use).</summary>
    public static string Name(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    public static CaseOutputs From(object steps)
    {
        var o = new CaseOutputs();
        Add(o, steps);
        return o;
    }

    static void Add(CaseOutputs o, object steps)
    {
        foreach (var p in Properties(steps.GetType()))
        {
            var name = Name(p.Name);
            switch (p.GetValue(steps))
            {
                case null: break;
                case { } part when ParamSchema.IsPart(p.PropertyType): Add(o, part); break;
                case NpyArray a: o.Arrays[name] = a; break;
                case string t: o.Texts[name] = t; break;
                case int i: o.Arrays[name] = NpyArray.FromInt64([i]); break;
                case long l: o.Arrays[name] = NpyArray.FromInt64([l]); break;
                case IEnumerable<KeyValuePair<string, NpyArray>> family:
                    foreach (var (k, v) in family) o.Arrays[k] = v;
                    break;
                default: throw new InvalidOperationException($"{steps.GetType().Name}.{p.Name}: {p.PropertyType.Name} is not an output type");
            }
        }
    }

    public static IEnumerable<OutputDoc> Docs(Type steps) => Properties(steps).SelectMany(p => ParamSchema.IsPart(p.PropertyType) ? Docs(p.PropertyType)
        : [Doc(steps, p)]);

    static OutputDoc Doc(Type steps, PropertyInfo p)
    {
        var d = p.GetCustomAttribute<OutputAttribute>()
            ?? steps.GetConstructors().SelectMany(c => c.GetParameters()).FirstOrDefault(q => q.Name == p.Name)?.GetCustomAttribute<OutputAttribute>()
            ?? throw new InvalidOperationException($"{steps.Name}.{p.Name} has no [Output] documentation");
        return new OutputDoc(d.Name ?? Name(p.Name), d.DType, d.Shape, d.Meaning);
    }

    static IEnumerable<PropertyInfo> Properties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);
}
