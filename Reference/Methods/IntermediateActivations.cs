using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>
/// The VGG16 lab's intermediate activations (seed 003): <c>Model(model.input, [layer.output for layer in
/// model.layers]).predict(x)</c>, and its display grid for one conv layer:
/// <code>
///   n_cols = C // 16;  grid = zeros(size · n_cols, 16 · size)   float64
///   block (col, row) = A[0, :, :, col·16 + row] / max(that channel)   float32, in place
/// </code>
/// A dead channel (all zeros after ReLU) divides 0 by 0: the lab's grid holds NaN there (matplotlib draws it as the
/// "bad" colour). <see cref="Grid"/> with <c>guarded: true</c> leaves such a channel at 0. Channels beyond
/// 16·n_cols are not drawn (the lab's integer division); the grid assumes square maps (it uses shape[1] for both sides).
/// </summary>
public static class IntermediateActivations
{
    /// <summary>The named layers' outputs for input <paramref name="x"/> (channels-last for Keras models).</summary>
    public static Dictionary<string, NpyArray> Outputs(SpecNet net, Tensor x, IEnumerable<string> layers)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var all = net.ForwardAll(x);
        return layers.ToDictionary(l => l, l => all.TryGetValue(l, out var t) ? NpyTensor.ToNpy(t)
            : throw new ArgumentException($"model {net.Spec.Id} has no layer '{l}' (layers: {string.Join(", ", all.Keys)})"));
    }

    public static NpyArray Grid(NpyArray activation, int imagesPerRow = 16, bool guarded = false)
    {
        if (activation.DType != NpyDType.Float32 || activation.Shape.Length != 4)
            throw new ArgumentException($"the display grid takes a float32 (1, h, w, C) activation, " +
                $"got {NpyDTypes.Descr(activation.DType)} {NpyArray.FormatShape(activation.Shape)}");
        int h = (int)activation.Shape[1], w = (int)activation.Shape[2], C = (int)activation.Shape[3], size = h;
        if (h != w) throw new ArgumentException($"the lab's grid assumes square feature maps, got {h}x{w}");
        int nCols = C / imagesPerRow;
        var a = activation.AsFloats();
        var grid = new double[size * nCols * imagesPerRow * size];
        int gw = imagesPerRow * size;
        for (int col = 0; col < nCols; col++)
            for (int row = 0; row < imagesPerRow; row++)
            {
                int ch = col * imagesPerRow + row;
                float mx = float.NegativeInfinity;
                for (int i = 0; i < h * w; i++) mx = MaxNan(mx, a[i * C + ch]);
                bool divide = !guarded || mx != 0;
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                    {
                        float v = a[(y * w + x) * C + ch];
                        grid[(col * size + y) * gw + row * size + x] = divide ? v / mx : v;
                    }
            }
        return NpyArray.FromDoubles(grid, size * nCols, gw);
    }

    static float MaxNan(float m, float v) => float.IsNaN(m) || float.IsNaN(v) ? float.NaN : Math.Max(m, v);
}
