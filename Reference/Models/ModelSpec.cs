namespace KerasVis.Reference.Models;

/// <summary>How Keras (or torch) would print the model: a <c>Sequential</c> omits its InputLayer row, a <c>Functional</c>
/// lists it; torchvision models are torch modules.</summary>
public enum ModelKind { Sequential, Functional, Torchvision }

/// <summary>A linear chain of layers as Keras (or torchvision) lays it out. <see cref="Kind"/> says how Keras would
/// print it: a <c>Sequential</c> omits its InputLayer row; a <c>Functional</c> lists it.</summary>
public sealed class ModelSpec
{
    public string Id { get; }
    public string Name { get; }
    public ModelKind Kind { get; }
    /// <summary>Keras channels-last <c>(H, W, C)</c>, or <c>(C, H, W)</c> for <see cref="IsTorchLayout"/> models.</summary>
    public int[] InputShape { get; }
    public IReadOnlyList<LayerSpec> Layers { get; }
    public IReadOnlyList<LayerRow> Rows { get; }
    public bool IsTorchLayout { get; }
    /// <summary>Names of the layers whose outputs the model returns (the two-output CAM model returns two).</summary>
    public IReadOnlyList<string> Outputs { get; }

    public ModelSpec(string id, string name, ModelKind kind, int[] inputShape, IEnumerable<LayerSpec> layers, bool torchLayout = false,
        IReadOnlyList<string>? outputs = null)
    {
        Id = id; Name = name; Kind = kind; InputShape = inputShape; IsTorchLayout = torchLayout;
        Layers = layers.ToList();
        var names = new HashSet<string>();
        foreach (var l in Layers)
            if (!names.Add(l.Name)) throw new ArgumentException($"model {id}: duplicate layer name '{l.Name}'");
        var rows = new List<LayerRow>();
        int[] shape = inputShape;
        string? inbound = null;
        foreach (var l in Layers)
        {
            int[] input = l is InputSpec ? inputShape : shape;
            var output = l.OutputShape(input);
            rows.Add(new LayerRow(l, input, output, l.ParamCount(input), inbound));
            shape = output;
            inbound = l.Name;
        }
        Rows = rows;
        Outputs = outputs ?? [Layers[^1].Name];
        foreach (var o in Outputs)
            if (!names.Contains(o)) throw new ArgumentException($"model {id}: output layer '{o}' is not in the model");
    }

    public long TotalParams => Rows.Sum(r => r.Params);
    public long TrainableParams => Rows.Where(r => r.Layer.Trainable).Sum(r => r.Params);
    public long NonTrainableParams => TotalParams - TrainableParams;

    public LayerRow Row(string layerName) =>
        Rows.FirstOrDefault(r => r.Layer.Name == layerName)
        ?? throw new KeyNotFoundException($"model {Id} has no layer '{layerName}' (layers: {string.Join(", ", Rows.Select(r => r.Layer.Name))})");
}
